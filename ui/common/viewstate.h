#pragma once

#include <QList>

class QAbstractItemView;

// What the user was looking at in a view, by item id rather than row number, so that a
// model reset (QSqlQueryModel::setQuery) does not lose it: the selected ids, the current
// id and the scroll offset. Restore sets selection and current first and the scroll
// offset last (selecting scrolls).
class ViewState
{
public:
    static ViewState capture(const QAbstractItemView *view, int idRole);
    void restore(QAbstractItemView *view, int idRole) const;

    QList<qint64> selectedIds() const { return m_selected; }
    qint64 currentId() const { return m_current; }

private:
    QList<qint64> m_selected;
    qint64 m_current = 0;
    int m_vertical = 0;
    int m_horizontal = 0;
};
