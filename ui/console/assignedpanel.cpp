#include "console/assignedpanel.h"

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "common/viewstate.h"
#include "console/consoletable.h"
#include "console/reassigndialog.h"
#include "core/textinput.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
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

// Filters with the model's own rule (rowMatches) and sorts by its SortRole.
class AssignedFilterProxy : public QSortFilterProxyModel
{
public:
    explicit AssignedFilterProxy(AssignedOrdersModel *source, QObject *parent)
        : QSortFilterProxyModel(parent)
        , m_source(source)
    {
        setSourceModel(source);
        setSortRole(AssignedOrdersModel::SortRole);
    }

    void setText(const QString &text)
    {
        m_text = TextInput::cleaned(text.left(TextInput::kMaxLength));
        invalidateFilter();
    }
    bool isFiltered() const { return !m_text.isEmpty(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return !parent.isValid() && m_source->rowMatches(row, m_text);
    }

private:
    AssignedOrdersModel *m_source;
    QString m_text;
};

AssignedPanel::AssignedPanel(AssignedOrdersModel *assigned, DriversModel *drivers, QWidget *parent)
    : QWidget(parent)
    , m_assigned(assigned)
    , m_drivers(drivers)
    , m_proxy(new AssignedFilterProxy(assigned, this))
{
    auto *layout = new QVBoxLayout(this);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(
        Text::tr("Filter by order number, driver, customer or address (Esc clears)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(Text::tr("Filter the assigned orders"));
    m_filter->setMaxLength(int(TextInput::kMaxLength));
    m_filter->installEventFilter(this); // Esc clears it
    layout->addWidget(m_filter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        emit countsChanged();
    });

    m_view = makeConsoleTable(this, Text::tr("Assigned orders"));
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    // Newest first, as the query reads them.
    m_view->sortByColumn(int(AssignedOrdersModel::Column::AssignedFor), Qt::AscendingOrder);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AssignedPanel::countsChanged);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AssignedPanel::countsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AssignedPanel::countsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &AssignedPanel::countsChanged);

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

AssignedPanel::~AssignedPanel() = default;

void AssignedPanel::refresh()
{
    const ViewState state = ViewState::capture(m_view, AssignedOrdersModel::OrderIdRole);
    m_assigned->refresh();
    state.restore(m_view, AssignedOrdersModel::OrderIdRole);
    emit countsChanged();
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

QString AssignedPanel::tabTitle() const
{
    const int all = m_assigned->rowCount();
    const QString total = all >= AssignedOrdersModel::maxRows()
        ? QStringLiteral("%1+").arg(AssignedOrdersModel::maxRows())
        : QString::number(all);
    if (!m_proxy->isFiltered())
        return Text::tr("Assi&gned (%1)").arg(total);
    return Text::tr("Assi&gned (%1 of %2)").arg(m_proxy->rowCount()).arg(total);
}

void AssignedPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

int AssignedPanel::selectedRow() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_proxy->mapToSource(rows.constFirst()).row();
}

void AssignedPanel::unassignSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        emit messageRequested(Text::tr("Select an assigned order first."), 0);
        return;
    }
    // Asks first, naming the order and the driver: a click that hit the row next to the one
    // meant must not take an order from its driver unseen (issue 17 item 2). No is the default.
    const qint64 order = m_assigned->orderIdAt(row);
    const qint64 driver = m_assigned->driverIdAt(row);
    const auto answer = QMessageBox::question(
        this, Text::tr("Unassign order"),
        Text::tr("Take order %1 from %2 and put it back on the ready board?")
            .arg(order)
            .arg(m_assigned->driverNameAt(row)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    emit releaseRequested(order, driver, Text::tr("unassigned by dispatcher"));
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

bool AssignedPanel::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_filter || watched == m_view) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier
            && !m_filter->text().isEmpty()) {
            m_filter->clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
