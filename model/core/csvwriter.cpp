#include "core/csvwriter.h"

#include <QAbstractItemModel>

void CsvWriter::addHeader(const QStringList &names)
{
    QStringList fields;
    fields.reserve(names.size());
    for (const QString &name : names)
        fields << field(name, m_quoting);
    m_text += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

void CsvWriter::addRow(const QVariantList &cells)
{
    QStringList fields;
    fields.reserve(cells.size());
    for (const QVariant &cell : cells)
        fields << field(cell, m_quoting);
    m_text += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

bool CsvWriter::isNumber(const QVariant &cell)
{
    // Not the char types: a QChar or char cell is a character, i.e. text.
    switch (cell.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

QString CsvWriter::guarded(const QString &text)
{
    if (!text.isEmpty() && QStringView(u"=+-@\t\r").contains(text.front()))
        return QLatin1Char('\'') + text;
    return text;
}

QString CsvWriter::field(const QVariant &cell, Quoting quoting)
{
    QString text = cell.isValid() && !cell.isNull() ? cell.toString() : QString();
    if (!isNumber(cell))
        text = guarded(text);
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (quoting == Quoting::AsNeeded && !needsQuotes)
        return text;
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString csvOf(const QAbstractItemModel &model)
{
    CsvWriter csv(CsvWriter::Quoting::Always);
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << model.headerData(c, Qt::Horizontal).toString();
    csv.addHeader(header);
    for (int r = 0; r < model.rowCount(); ++r) {
        QVariantList cells;
        for (int c = 0; c < model.columnCount(); ++c)
            cells << model.index(r, c).data();
        csv.addRow(cells);
    }
    return csv.text();
}
