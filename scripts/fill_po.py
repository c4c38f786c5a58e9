"""Fill msgstr entries of .po files from a Python dict of translations (a dev helper).

Usage: python scripts/fill_po.py TRANSLATIONS.py PO_FILE [PO_FILE ...]
TRANSLATIONS.py defines T = {msgid: msgstr}. Existing translations are kept unless the dict
gives another; fuzzy flags are cleared on entries it fills. Prints what is still missing.
"""

import runpy
import sys

import polib


def main(argv):
    table = runpy.run_path(argv[1])["T"]
    missing = 0
    for path in argv[2:]:
        po = polib.pofile(path)
        for entry in po:
            if entry.obsolete:
                continue
            value = table.get(entry.msgid)
            if value is not None:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: value}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            untranslated = not (entry.msgstr or any(entry.msgstr_plural.values()))
            if untranslated or "fuzzy" in entry.flags:
                missing += 1
                print(f"{path}: missing: {entry.msgid!r}")
        po.metadata_is_fuzzy = False
        po.save(path)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
