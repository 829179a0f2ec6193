#include "console/consoletable.h"

#include <QHeaderView>
#include <QTableView>

QTableView *makeConsoleTable(QWidget *parent, const QString &accessibleName)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setTabKeyNavigation(false); // Tab moves between board and drivers
    view->setAccessibleName(accessibleName);
    view->setWordWrap(false);
    return view;
}
