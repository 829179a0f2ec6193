#pragma once

#include <QSqlQueryModel>

// What every list model over a bound query shares: the view's columns are the model's own
// (data() is overridden), while the query's values stay one call away (raw), and rows are
// found by id rather than by position.
class QueryModel : public QSqlQueryModel
{
    Q_OBJECT
public:
    using QSqlQueryModel::QSqlQueryModel;

protected:
    // One value of the query row, straight from the base class (data() is the subclass's,
    // and QSqlQueryModel::record() would call it back).
    QVariant raw(int row, int queryColumn) const;
    // The first row whose query column equals id, or -1.
    int rowWhere(int queryColumn, qint64 id) const;
};

// A LIKE/ILIKE pattern matching text anywhere, with %, _ and \ taken literally: what a
// person types means itself. Use with the default escape character (backslash).
QString containsPattern(const QString &text);
