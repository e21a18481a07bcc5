"""Both catalogs are complete: every source string has a Simplified Chinese translation."""

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "dealercrm" / "locale"


def test_the_chinese_catalog_translates_every_string():
    catalog = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 200
    missing = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_the_english_catalog_exists_for_the_switcher():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.po").exists()


def test_pages_come_in_chinese_by_default_and_in_english_on_request(agent, client_for):
    client = client_for(agent)
    assert "客户" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "Customers" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_validation_messages_are_translated():
    from django.core.exceptions import ValidationError

    from dealercrm.core.validators import normalize_vin

    with translation.override("zh-hans"):
        try:
            normalize_vin("LSVAU2181N2183294")
        except ValidationError as exc:
            assert "校验位" in exc.messages[0]
        else:
            raise AssertionError("a bad check digit must be refused")
