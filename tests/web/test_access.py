"""Who may open the served app: tokens, loopback, the URL printed, the command each tab runs."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from cswork.web.access import AUTO, AccessError, Address, is_loopback, resolve_token, token_matches
from cswork.web.server import app_command


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "intranet.example", ""])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_auto_tokens_are_long_random_and_url_safe() -> None:
    first, second = resolve_token(AUTO, "127.0.0.1"), resolve_token(AUTO, "0.0.0.0")
    assert first and second and first != second
    assert len(first) >= 32
    assert all(c.isalnum() or c in "-_" for c in first)


def test_a_given_token_is_used_and_must_be_long_enough() -> None:
    assert resolve_token("correct-horse", "0.0.0.0") == "correct-horse"
    with pytest.raises(AccessError, match="at least 8"):
        resolve_token("short", "127.0.0.1")
    with pytest.raises(AccessError, match="without spaces"):
        resolve_token("has a space in it", "127.0.0.1")


def test_no_token_only_on_loopback() -> None:
    assert resolve_token("", "127.0.0.1") is None
    with pytest.raises(AccessError, match="needs a token"):
        resolve_token("", "0.0.0.0")


def test_token_comparison() -> None:
    assert token_matches("abcdefgh", "abcdefgh")
    assert not token_matches("abcdefgX", "abcdefgh")
    assert not token_matches(None, "abcdefgh")
    assert not token_matches("", "abcdefgh")


def test_the_url_carries_the_token() -> None:
    assert Address("127.0.0.1", 8123, "tok").url == "http://127.0.0.1:8123/?token=tok"
    assert Address("::1", 8123, None).url == "http://[::1]:8123/"
    assert "0.0.0.0" not in Address("0.0.0.0", 80, "tok").url


def test_each_tab_runs_this_pythons_cswork_tui(tmp_path: Path) -> None:
    db = tmp_path / "a folder" / "my db.db"
    words = shlex.split(app_command(db, read_only=True))
    assert words == [sys.executable, "-m", "cswork", "tui", "--db", str(db), "--read-only"]
    assert "--read-only" not in shlex.split(app_command(db, read_only=False))
