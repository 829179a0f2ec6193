#include "querymodel.h"

QVariant QueryModel::raw(int row, int queryColumn) const
{
    return QSqlQueryModel::data(createIndex(row, queryColumn), Qt::DisplayRole);
}

int QueryModel::rowWhere(int queryColumn, qint64 id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (raw(row, queryColumn).toLongLong() == id)
            return row;
    }
    return -1;
}

QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QString csvOf(const QAbstractItemModel &model)
{
    const auto quote = [](QString text) -> QString {
        text.replace(QLatin1Char('"'), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    QStringList lines;
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << quote(model.headerData(c, Qt::Horizontal).toString());
    lines << header.join(QLatin1Char(','));
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c)
            cells << quote(model.index(r, c).data().toString());
        lines << cells.join(QLatin1Char(','));
    }
    return lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n");
}
