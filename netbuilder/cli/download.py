"""``netbuilder download mnist|fashion-mnist [--folder DIR]``: fetch the IDX files a project needs.

By default the files go to the per-user datasets folder (``$NETBUILDER_DATA_DIR``, else e.g.
``~/.local/share/netbuilder/datasets``), where an IDX dataset with the relative folder ``mnist`` (as in
``example:seed-cnn``) finds them. Every file is checksum-verified before it is written, atomically; a
failed download prints one ``error:`` line, exits with 1 and leaves nothing behind, not even a folder it
created. Progress goes to stderr: one rewritten line on a terminal, a plain line per 10 % otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

DATASETS = ("mnist", "fashion-mnist")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "download",
        help="download MNIST or Fashion-MNIST into the datasets folder",
        description="Download the four IDX files of DATASET, verify their checksums and save them. "
        "Default folder: <datasets folder>/DATASET, where the datasets folder is $NETBUILDER_DATA_DIR "
        "if set, else ~/.local/share/netbuilder/datasets ($XDG_DATA_HOME), "
        "~/Library/Application Support/NetBuilder/datasets on macOS, "
        "%LOCALAPPDATA%\\NetBuilder\\datasets on Windows.",
    )
    parser.add_argument("dataset", choices=DATASETS, metavar="DATASET", help="mnist or fashion-mnist")
    parser.add_argument("--folder", metavar="DIR", help="save the files here instead")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    # For tests and mirrors: another server, and the checksum table (JSON: file name -> MD5 or SHA-256)
    # its files must match. Verification itself cannot be switched off.
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--checksums", metavar="JSON", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


class _Progress:
    """Percent and megabytes on stderr: rewritten in place on a terminal, every 10 % as a line otherwise."""

    def __init__(self, stream: TextIO, label: str, quiet: bool) -> None:
        self.stream = stream
        self.label = label
        self.quiet = quiet
        self.tty = stream.isatty()
        self.last_shown: int | None = None
        self.open_line = False

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if total > 0:
            percent = min(100, done * 100 // total)
            text = f"{self.label}: {percent:3d}% ({done / 1e6:.1f} of {total / 1e6:.1f} MB)"
            step = percent if self.tty else percent // 10 * 10
        else:  # the server did not say how big the files are
            text = f"{self.label}: {done / 1e6:.1f} MB"
            step = done // (100_000 if self.tty else 5_000_000)
        if step == self.last_shown:
            return
        self.last_shown = step
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
            self.open_line = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.stream.flush()
            self.open_line = False


def _read_checksums(path: str) -> dict[str, str]:
    from netbuilder.core.errors import ProjectFileError
    from netbuilder.core.schema import parse_json
    from netbuilder.data.errors import DatasetError
    from netbuilder.data.paths import read_user_file

    try:
        table = parse_json(read_user_file(Path(path), limit=2**20).decode("utf-8"))
    except (ProjectFileError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read the checksum table: {error}", path=path) from None
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise DatasetError("the checksum table must be a JSON object of file name -> hex digest", path=path)
    return table


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder on the way to ``folder`` that does not exist yet (None if it exists)."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing = path
    return missing


def _remove_created(folder: Path, first_missing: Path) -> None:
    """Remove the folders this command created, as long as they are empty."""
    for path in (folder, *folder.parents):
        try:
            path.rmdir()
        except OSError:
            return
        if path == first_missing:
            return


def run(args: argparse.Namespace) -> int:
    from netbuilder.data.idx_download import download_idx
    from netbuilder.data.locations import default_download_folder
    from netbuilder.data.paths import expand_user_path

    folder = expand_user_path(args.folder, "--folder") if args.folder else default_download_folder(args.dataset)
    folder = folder.absolute()
    checksums = _read_checksums(args.checksums) if args.checksums else None
    created = _first_missing(folder)
    progress = _Progress(sys.stderr, f"downloading {args.dataset}", args.quiet)
    try:
        paths = download_idx(
            args.dataset, folder, progress, base_url=args.base_url, timeout=args.timeout, checksums=checksums
        )
    except BaseException:
        progress.close()
        if created is not None:
            _remove_created(folder, created)
        raise
    progress.close()
    print(f"{args.dataset}: {len(paths)} files verified in {folder}")
    if args.folder and folder != default_download_folder(args.dataset).absolute():
        print(f"set a project's dataset folder to {folder} to use them")
    return 0
