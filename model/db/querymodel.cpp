#include "db/querymodel.h"

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
