"""The Teams app package: what the admin centre checks before it accepts an upload."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.channels.teams.manifest import main, write_app_package
from bot.settings import PROJECT_ROOT

APP_ID = "6f1c2b9e-8d3a-4e57-b1f0-2c9d7e4a5b13"


def png_header(data: bytes) -> tuple[int, int, int, int]:
    """Width, height, bit depth and colour type from the IHDR chunk, checking its CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    body = data[16:29]
    assert struct.unpack(">I", data[29:33])[0] == zlib.crc32(kind + body)
    width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
    return width, height, depth, colour_type


def pixels(data: bytes) -> list[bytes]:
    """RGBA pixels of an unfiltered 8-bit RGBA PNG, as the writer produces."""
    width, height, _, _ = png_header(data)
    idat, position = b"", 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"IDAT":
            idat += data[position + 8 : position + 8 + length]
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    return [
        raw[row * stride + 1 + 4 * x : row * stride + 5 + 4 * x]
        for row in range(height)
        for x in range(width)
    ]


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    path = write_app_package(
        tmp_path / "dist",
        APP_ID,
        developer_name="City & Hackney SCP",
        website_url="https://publisher.example.net/",
        privacy_url="https://publisher.example.net/privacy",
        terms_url="https://publisher.example.net/terms",
    )
    return zipfile.ZipFile(path)


def test_manifest_has_the_required_fields_and_the_bot(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["$schema"].endswith("/teams/v1.17/MicrosoftTeams.schema.json")
    assert manifest["manifestVersion"] == "1.17"
    for field in ("version", "id", "developer", "name", "description", "icons", "accentColor"):
        assert manifest[field], field
    assert manifest["id"] == APP_ID
    assert manifest["name"]["short"] == "Reflective practice"
    assert manifest["name"]["full"] == "City & Hackney reflective practice assistant"
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert "case audits" in manifest["description"]["short"]
    assert "not for reporting concerns" in manifest["description"]["full"]
    assert manifest["developer"]["privacyUrl"] == "https://publisher.example.net/privacy"
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["supportsFiles"] is False


def test_icons_exist_with_the_sizes_teams_requires(package: zipfile.ZipFile) -> None:
    icons = json.loads(package.read("manifest.json"))["icons"]
    assert set(package.namelist()) == {"manifest.json", icons["color"], icons["outline"]}
    assert png_header(package.read(icons["color"])) == (192, 192, 8, 6)
    assert png_header(package.read(icons["outline"])) == (32, 32, 8, 6)


def test_outline_icon_is_white_on_transparent(package: zipfile.ZipFile) -> None:
    outline = pixels(package.read(json.loads(package.read("manifest.json"))["icons"]["outline"]))
    assert set(outline) == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}


@pytest.mark.parametrize(
    "app_id", ["", "not-a-guid", "6f1c2b9e8d3a4e57b1f02c9d7e4a5b13", APP_ID + "0"]
)
def test_bad_app_id_is_rejected_naming_the_field(tmp_path: Path, app_id: str) -> None:
    with pytest.raises(ValueError, match="app_id"):
        write_app_package(tmp_path, app_id)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("field", ["website_url", "privacy_url", "terms_url"])
def test_developer_links_must_be_https(tmp_path: Path, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        write_app_package(tmp_path, APP_ID, **{field: "http://publisher.example.net/"})


def test_main_writes_the_package_and_warns_about_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--app-id", APP_ID, "--out", str(tmp_path), "--app-version", "1.2.0"]) == 0
    out, err = capsys.readouterr()
    assert Path(out.strip()) == tmp_path / "reflective-practice-teams-1.2.0.zip"
    assert "--privacy-url" in err
    assert main(["--app-id", "nope", "--out", str(tmp_path)]) == 1
    assert "app_id" in capsys.readouterr().err


NODE_MODULES = PROJECT_ROOT / "bot" / "channels" / "webchat" / "node_modules"
VALIDATOR = Path(__file__).with_name("validate_manifest.js")


def microsoft_schema_errors(manifest_json: dict[str, object], tmp_path: Path) -> list[str]:
    """Errors from Microsoft's manifest package against its bundled schema (no download)."""
    if not (NODE_MODULES / "@microsoft" / "app-manifest").exists():
        pytest.fail("needs `make webchat-deps` (Microsoft's @microsoft/app-manifest package)")
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest_json))
    run = subprocess.run(
        ["node", str(VALIDATOR), str(path)],
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    return list(json.loads(run.stdout))


def test_the_manifest_validates_against_microsofts_bundled_schema(tmp_path: Path) -> None:
    package = write_app_package(tmp_path, APP_ID)
    with zipfile.ZipFile(package) as archive:
        built = json.loads(archive.read("manifest.json"))
    assert microsoft_schema_errors(built, tmp_path) == []
    # The check can fail: a field the schema does not allow is named.
    broken = {**built, "accentColor": "blue", "bots": [{"botId": APP_ID}]}
    errors = microsoft_schema_errors(broken, tmp_path)
    assert any("accentColor" in error for error in errors), errors
    assert any("scopes" in error for error in errors), errors
