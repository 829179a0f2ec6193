#include "console/assignedpanel.h"

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "common/viewstate.h"
#include "console/consoletable.h"
#include "console/reassigndialog.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// The window's strings kept their context when they moved out of MainWindow, so the
// catalogue's translations still apply.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MainWindow)
};

} // namespace

AssignedPanel::AssignedPanel(AssignedOrdersModel *assigned, DriversModel *drivers, QWidget *parent)
    : QWidget(parent)
    , m_assigned(assigned)
    , m_drivers(drivers)
{
    auto *layout = new QVBoxLayout(this);
    m_view = makeConsoleTable(this, Text::tr("Assigned orders"));
    m_view->setModel(m_assigned);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    auto *unassign = new QPushButton(Text::tr("&Unassign (back to the board)"), this);
    auto *reassign = new QPushButton(Text::tr("Re&assign…"), this);
    buttons->addStretch(1);
    buttons->addWidget(unassign);
    buttons->addWidget(reassign);
    layout->addLayout(buttons);
    connect(unassign, &QPushButton::clicked, this, &AssignedPanel::unassignSelected);
    connect(reassign, &QPushButton::clicked, this, &AssignedPanel::reassignSelected);
}

void AssignedPanel::refresh()
{
    const ViewState state = ViewState::capture(m_view, AssignedOrdersModel::OrderIdRole);
    m_assigned->refresh();
    state.restore(m_view, AssignedOrdersModel::OrderIdRole);
}

void AssignedPanel::tick()
{
    const int rows = m_assigned->rowCount();
    if (rows == 0)
        return;
    const int column = int(AssignedOrdersModel::Column::AssignedFor);
    emit m_assigned->dataChanged(m_assigned->index(0, column), m_assigned->index(rows - 1, column),
                                 { Qt::DisplayRole });
}

int AssignedPanel::selectedRow() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void AssignedPanel::unassignSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        emit messageRequested(Text::tr("Select an assigned order first."), 0);
        return;
    }
    emit releaseRequested(m_assigned->orderIdAt(row), m_assigned->driverIdAt(row),
                          Text::tr("unassigned by dispatcher"));
}

void AssignedPanel::reassignSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        emit messageRequested(Text::tr("Select an assigned order first."), 0);
        return;
    }
    const qint64 order = m_assigned->orderIdAt(row);
    const qint64 from = m_assigned->driverIdAt(row);
    ReassignDialog dialog(order, m_assigned->driverNameAt(row), m_drivers,
                          DriversModel::DriverIdRole, DriversModel::ActiveRole, from, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    emit reassignRequested(order, from, dialog.driverId(), dialog.reason());
}
