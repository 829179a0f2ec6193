#!/usr/bin/env bash
# Refreshes the translation sources from the code: new strings appear as "unfinished" in the
# German file (tst_i18n fails until they are translated); English keeps only numerus forms.
#   translations/update.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
cd "$here"
"$lupdate" -recursive model ui app -no-obsolete -ts translations/dispatch-console_de.ts
"$lupdate" -recursive model ui app -no-obsolete -pluralonly -ts translations/dispatch-console_en.ts
