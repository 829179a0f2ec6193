#include "common/viewstate.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>
#include <QScrollBar>

ViewState ViewState::capture(const QAbstractItemView *view, int idRole)
{
    ViewState state;
    const QItemSelectionModel *selection = view->selectionModel();
    if (selection) {
        for (const QModelIndex &index : selection->selectedRows())
            state.m_selected << index.data(idRole).toLongLong();
        state.m_current = selection->currentIndex().data(idRole).toLongLong();
    }
    state.m_vertical = view->verticalScrollBar()->value();
    state.m_horizontal = view->horizontalScrollBar()->value();
    return state;
}

void ViewState::restore(QAbstractItemView *view, int idRole) const
{
    QAbstractItemModel *model = view->model();
    QItemSelectionModel *selection = view->selectionModel();
    if (!model || !selection)
        return;
    QItemSelection items;
    QModelIndex current;
    const int columns = model->columnCount();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        const qint64 id = index.data(idRole).toLongLong();
        if (m_selected.contains(id))
            items.select(index, model->index(row, columns - 1));
        if (id == m_current && m_current != 0)
            current = index;
    }
    if (current.isValid())
        selection->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    selection->select(items, QItemSelectionModel::ClearAndSelect);
    view->verticalScrollBar()->setValue(m_vertical);
    view->horizontalScrollBar()->setValue(m_horizontal);
}
