"""``marginote config check [PATH]``: the settings in force for a library folder (the files read,
the labels and their keys, the verdict scale, who you are) and every problem of the config files,
each with its file and line. Exit status 1 when there is any problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import plural, visible

SUMMARY = "check the config files: the label scheme in force and every problem in them"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="marginote config",
        description="Check the config (your config.toml and the library folder's "
        ".marginote.toml): print the settings in force and every problem.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="check")
    check = commands.add_parser("check", help="print the settings in force and every problem")
    check.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="a library folder, or a config file to check alone (default: seeds/ or .)",
    )
    args = parser.parse_args(argv)
    return check_command(args.path)


def check_command(path: Path | None) -> int:
    from marginote.annotations.config import config_files, load_config
    from marginote.annotations.labels import load_settings, parse_labels, parse_verdicts
    from marginote.tui.cli.common import default_paths, fail

    if path is not None and path.is_file():  # one file, checked alone
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return fail("config", f"{path}: cannot be read ({error})")
        problems = parse_labels(text, str(path))[1] + parse_verdicts(text, str(path))[1]
        _print_problems(problems)
        if not problems:
            print(f"{visible(str(path))}: no problem.")
        return 1 if problems else 0
    if path is not None and not path.is_dir():
        return fail("config", f"{path}: no such folder", 2)
    folders = [path] if path is not None else [p for p in default_paths() if p.is_dir()]
    files = config_files(folders)  # read once: what is listed is what is checked
    settings = load_settings(folders, files)
    config = load_config(folders, files)
    print("Files read (later ones win):")
    for file in files:
        print(f"  {visible(str(file.path))}")
    if not files:
        print("  none: the defaults are in force")
    print("Labels (key, name, colour):")
    for label in settings.labels.labels:
        print(f"  {label.key}  {visible(label.name)}  {label.colour}")
    scale = settings.verdicts
    print(f"Verdict scale {visible(scale.name)!r}, best first:")
    print("  " + ", ".join(visible(v) for v in scale.rated))
    if off := [v for v in scale.values if v in scale.off_scale]:
        print("  off the scale: " + ", ".join(visible(v) for v in off))
    user = config.section("user")
    who = ", ".join(visible(str(user[k])) for k in ("name", "organisation") if user.get(k))
    print(f"User: {who or 'not set ([user] name): exports name no author'}")
    problems = [*settings.label_problems, *settings.verdict_problems]
    _print_problems(problems)
    if not problems:
        print("No problem.")
    return 1 if problems else 0


def _print_problems(problems: list[str]) -> None:
    if problems:
        print(f"{plural(len(problems), 'problem')}:", file=sys.stderr)
    for problem in problems:
        print(f"  {visible(problem)}", file=sys.stderr)
