#!/usr/bin/env bash
# The layering of DESIGN.md, checked on every #include "…" in model/, ui/ and app/:
#     core <- db <- claims <- {board, inspector, simulation} <- ui <- app/lib <- app
#     app/http sees core, db and claims only (`serve` runs headless: no board, no widget).
#     ui/console sees no simulation: app/lib makes the Simulation tab and hands it to the window.
# A library's links keep most of this (a symbol from a library it does not link fails at
# link time), but a header-only use would slip through: this check names the file and the
# line. Also: no model/ file includes a Qt Widgets or Qt Gui header, no ui/ file holds SQL
# or a QSqlError.
# Usage: tests/check_layering.sh [source dir]; exit 1 on any violation.
set -euo pipefail
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src"

# Which concern a header "dir/name.h" belongs to, by where it is.
concern_of() {
    local inc=$1 dir
    for root in model ui app; do
        if [ -f "$root/$inc" ]; then
            dir=${inc%%/*}
            echo "$root/$dir"
            return
        fi
    done
    echo "?"
}

# What each concern may include (its own folder is always allowed).
allowed() {
    case $1 in
        model/core) echo "" ;;
        model/db) echo "model/core" ;;
        model/claims) echo "model/core model/db" ;;
        model/board|model/inspector|model/simulation) echo "model/core model/db model/claims" ;;
        ui/common) echo "model/core model/db model/claims model/board model/inspector model/simulation" ;;
        ui/inspector|ui/simulation) echo "model/core model/db model/claims model/board model/inspector model/simulation ui/common" ;;
        ui/console) echo "model/core model/db model/claims model/board model/inspector ui/common ui/inspector" ;;
        app/http) echo "model/core model/db model/claims" ;;
        app/lib) echo "model/core model/db model/claims model/board model/inspector model/simulation ui/common ui/console ui/inspector ui/simulation app/http" ;;
        app) echo "model/core model/db model/claims model/board model/inspector model/simulation ui/common ui/console ui/inspector ui/simulation app/http app/lib" ;;
    esac
}

status=0
while IFS= read -r file; do
    dir=$(dirname "$file")
    case $dir in
        app) self=app ;;
        *) self=$(echo "$dir" | cut -d/ -f1-2) ;;
    esac
    ok=" $self $(allowed "$self") "
    while IFS=: read -r line inc; do
        case $inc in *.moc) continue ;; esac
        if [ -f "$dir/$inc" ] && [ "$inc" = "${inc##*/}" ]; then
            # A header beside the file, named without its folder: only the app folder does
            # that (main and the command line); everywhere else includes say the concern.
            if [ "$self" != app ]; then
                echo "$file:$line: #include \"$inc\" should name its concern (\"${dir#*/}/$inc\")"
                status=1
            fi
            continue
        fi
        target=$(concern_of "$inc")
        if [ "$target" = "?" ]; then
            echo "$file:$line: #include \"$inc\" is not a header of this tree"
            status=1
        elif [[ $ok != *" $target "* ]]; then
            echo "$file:$line: $self may not include \"$inc\" ($target is above it)"
            status=1
        fi
    done < <(grep -n '^#include "' "$file" | sed 's/^\([0-9]*\):#include "\(.*\)".*/\1:\2/')
done < <(find model ui app -name '*.h' -o -name '*.cpp' | sort)

# No widget in the model, no SQL in the widgets.
if grep -rnE '#include <(QtWidgets/|QtGui/)?Q(Widget|Application|MainWindow|Dialog|Painter|Color|Font|Icon|Pixmap|Image|GuiApplication)>' model; then
    echo "model/ includes a Qt Widgets or Qt Gui header (above)"
    status=1
fi
if grep -rnE '\b(SELECT|UPDATE|INSERT|DELETE)\b .*\b(FROM|SET|INTO|WHERE)\b' ui --include='*.cpp' --include='*.h'; then
    echo "ui/ holds SQL text (above)"
    status=1
fi
# Errors reach the widgets as one line for a person (DatabaseConnection::describe, a result's
# `error`), never as a QSqlError whose text may hold SQL: no ui/ file names the type.
if grep -rn 'QSqlError' ui --include='*.cpp' --include='*.h'; then
    echo "ui/ handles a QSqlError (above): the model or app/lib turns it into one line"
    status=1
fi
[ $status -eq 0 ] && echo "layering: every #include points down"
exit $status
