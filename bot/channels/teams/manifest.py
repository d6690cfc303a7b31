"""Builds the Teams app package (manifest.json plus two icons) uploaded in the Teams admin centre.

Generated rather than checked in because the bot's app id and the publisher's links differ per
deployment; the icons are drawn here so the package needs no image files or Pillow.
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

MANIFEST_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
)
MANIFEST_VERSION = "1.17"
SHORT_NAME = "Reflective practice"
FULL_NAME = "City & Hackney reflective practice assistant"
SHORT_DESCRIPTION = "Learning from multi-agency case audits. Not for reporting concerns."
FULL_DESCRIPTION = (
    "Shares the learning from City & Hackney multi-agency safeguarding case audits: key "
    "messages, what to do, questions to reflect on in supervision and where to go for help. "
    "It is not for reporting concerns about a child or adult and nobody monitors it: if a child "
    "is in immediate danger call 999, otherwise follow your organisation's safeguarding "
    "procedures. Do not type names or other details that identify children or families."
)
ACCENT_COLOR = "#1F4E79"
COLOR_ICON = "color.png"
OUTLINE_ICON = "outline.png"
COLOR_ICON_SIZE = 192
OUTLINE_ICON_SIZE = 32

# example.org is reserved for documentation, so a package still carrying these is obviously
# unfinished; main() warns about each one.
PLACEHOLDER_DEVELOPER_NAME = "City & Hackney SCP"
PLACEHOLDER_WEBSITE_URL = "https://www.example.org/"
PLACEHOLDER_PRIVACY_URL = "https://www.example.org/privacy"
PLACEHOLDER_TERMS_URL = "https://www.example.org/terms"

# Limits from the Teams manifest schema; the admin centre rejects longer values.
_MAX_LENGTHS = {
    "short name": 30,
    "full name": 100,
    "short description": 80,
    "full description": 4000,
}
_MAX_DEVELOPER_NAME = 32
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")

Pixel = tuple[int, int, int, int]


def png(size: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """A square RGBA PNG; `pixel` gets coordinates scaled to 0..1 from the top left."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((x + 0.5) / size, (y + 0.5) / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _speech_bubble(x: float, y: float) -> bool:
    """A rounded speech bubble with a tail: the assistant is something you talk to."""
    inside_body = ((x - 0.5) / 0.36) ** 2 + ((y - 0.45) / 0.28) ** 2 <= 1
    inside_tail = 0.28 <= x <= 0.44 and 0.62 <= y <= 0.82 and (x - 0.28) >= (y - 0.62) * 0.8
    return inside_body or inside_tail


def color_icon() -> bytes:
    red, green, blue = (int(ACCENT_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    return png(
        COLOR_ICON_SIZE,
        lambda x, y: (255, 255, 255, 255) if _speech_bubble(x, y) else (red, green, blue, 255),
    )


def outline_icon() -> bytes:
    """White on transparent, as Teams requires for the outline icon."""
    return png(
        OUTLINE_ICON_SIZE,
        lambda x, y: (255, 255, 255, 255) if _speech_bubble(x, y) else (0, 0, 0, 0),
    )


def _require_https(field: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(f"{field} must be an https:// URL, got {url!r}")
    return url


def manifest(
    app_id: str,
    *,
    version: str = "1.0.0",
    developer_name: str = PLACEHOLDER_DEVELOPER_NAME,
    website_url: str = PLACEHOLDER_WEBSITE_URL,
    privacy_url: str = PLACEHOLDER_PRIVACY_URL,
    terms_url: str = PLACEHOLDER_TERMS_URL,
) -> dict[str, object]:
    """The manifest as a dict; raises ValueError naming the first field Teams would reject."""
    if not _GUID.match(app_id or ""):
        raise ValueError(
            f"app_id must be the Azure bot's Microsoft App ID (a GUID), got {app_id!r}"
        )
    if not _SEMVER.match(version):
        raise ValueError(
            f"version must look like 1.0.0 (raise it for every upload), got {version!r}"
        )
    if not developer_name.strip() or len(developer_name) > _MAX_DEVELOPER_NAME:
        raise ValueError(
            f"developer_name must be 1 to {_MAX_DEVELOPER_NAME} characters, got {developer_name!r}"
        )
    texts = {
        "short name": SHORT_NAME,
        "full name": FULL_NAME,
        "short description": SHORT_DESCRIPTION,
        "full description": FULL_DESCRIPTION,
    }
    for field, text in texts.items():
        if len(text) > _MAX_LENGTHS[field]:
            raise ValueError(f"{field} is longer than {_MAX_LENGTHS[field]} characters")
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id.lower(),
        "developer": {
            "name": developer_name,
            "websiteUrl": _require_https("website_url", website_url),
            "privacyUrl": _require_https("privacy_url", privacy_url),
            "termsOfUseUrl": _require_https("terms_url", terms_url),
        },
        "name": {"short": SHORT_NAME, "full": FULL_NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": app_id.lower(),
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
            }
        ],
        "validDomains": [],
    }


def write_app_package(out_dir: Path, app_id: str, **details: str) -> Path:
    """Writes `reflective-practice-teams-<version>.zip` into out_dir and returns its path.

    `details` are manifest()'s keyword arguments (version, developer name and URLs)."""
    content = manifest(app_id, **details)
    version = content["version"]
    out_dir.mkdir(parents=True, exist_ok=True)
    package = out_dir / f"reflective-practice-teams-{version}.zip"
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(content, indent=2, ensure_ascii=False) + "\n")
        archive.writestr(COLOR_ICON, color_icon())
        archive.writestr(OUTLINE_ICON, outline_icon())
    return package


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The teams-manifest options, shared with bot/tooling/cli.py."""
    parser.add_argument(
        "--app-id", required=True, help="Microsoft App ID of the Azure Bot (a GUID)"
    )
    parser.add_argument("--out", default="dist", help="folder for the .zip (default: dist)")
    parser.add_argument(
        "--app-version", default="1.0.0", help="app version; raise it for every re-upload"
    )
    parser.add_argument(
        "--developer-name", default=PLACEHOLDER_DEVELOPER_NAME, help="publisher, max 32 characters"
    )
    parser.add_argument(
        "--website-url", default=PLACEHOLDER_WEBSITE_URL, help="https:// publisher website"
    )
    parser.add_argument(
        "--privacy-url", default=PLACEHOLDER_PRIVACY_URL, help="https:// privacy notice"
    )
    parser.add_argument("--terms-url", default=PLACEHOLDER_TERMS_URL, help="https:// terms of use")


def run(args: argparse.Namespace) -> int:
    """Handler for parsed teams-manifest arguments; exit status 1 on invalid input."""
    for option, value, placeholder in (
        ("--website-url", args.website_url, PLACEHOLDER_WEBSITE_URL),
        ("--privacy-url", args.privacy_url, PLACEHOLDER_PRIVACY_URL),
        ("--terms-url", args.terms_url, PLACEHOLDER_TERMS_URL),
    ):
        if value == placeholder:
            print(
                f"warning: {option} is still {placeholder}; set it before publishing",
                file=sys.stderr,
            )
    try:
        package = write_app_package(
            Path(args.out),
            args.app_id,
            version=args.app_version,
            developer_name=args.developer_name,
            website_url=args.website_url,
            privacy_url=args.privacy_url,
            terms_url=args.terms_url,
        )
    except ValueError as error:
        print(f"teams-manifest: {error}", file=sys.stderr)
        return 1
    print(package)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot teams-manifest", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))
