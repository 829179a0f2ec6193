#pragma once

// Test-only: reads RFC 4180 CSV back into rows of fields, independently of CsvWriter, so
// a test checks what a spreadsheet would see in each cell rather than the writer's bytes.
// Rows end with CRLF; a quoted field may hold commas, doubled quotes, CR and LF.

#include <QList>
#include <QString>
#include <QStringList>

inline QList<QStringList> readCsv(const QString &text, bool *wellFormed = nullptr)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool ok = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size()
                && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size()
                   && text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            ok = false; // a bare quote, LF or CR outside quotes: not what the writer promises
            field += c;
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty())
        ok = false; // unterminated quote or a last row without its CRLF
    if (wellFormed)
        *wellFormed = ok;
    return rows;
}

// Fields a spreadsheet would run as a formula: the first character is = + - @ tab or CR.
inline QStringList formulaCells(const QList<QStringList> &rows)
{
    QStringList found;
    for (const QStringList &row : rows) {
        for (const QString &field : row) {
            if (!field.isEmpty() && QStringView(u"=+-@\t\r").contains(field.front()))
                found << field;
        }
    }
    return found;
}
