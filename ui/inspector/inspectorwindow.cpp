#include "inspector/inspectorwindow.h"

#include "common/outcomepalette.h"
#include "inspector/inspectorsearchmodel.h"
#include "inspector/inspectorsession.h"

#include <QAbstractTableModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <functional>

namespace {

QString driverLabel(qint64 id, const QString &name)
{
    return name.isEmpty() ? QStringLiteral("#%1").arg(id)
                          : QStringLiteral("%1 (#%2)").arg(name).arg(id);
}

void fillForm(QFormLayout *form, const QList<LabelledField> &fields)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
    for (const LabelledField &field : fields) {
        auto *value = new QLabel(field.isNull ? QStringLiteral("—") : field.value);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setToolTip(value->text());
        if (field.isNull)
            value->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(field.label + QLatin1Char(':'), value);
    }
}

// A read-only table of rows of one struct: each column is a function of the row, with its
// alignment. The row's order number is under Qt::UserRole in every cell (double-click opens
// it); every cell's tooltip is its whole text (a narrow column elides).
template<typename Row> class RowsModel : public QAbstractTableModel
{
public:
    struct Column
    {
        QString header;
        std::function<QString(const Row &)> text;
        Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
    };

    RowsModel(QList<Column> columns, QObject *parent)
        : QAbstractTableModel(parent)
        , m_columns(std::move(columns))
    { }

    void setRows(const QList<Row> &rows)
    {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }
    const Row &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_columns.size());
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0
            && section < m_columns.size())
            return m_columns.at(section).header;
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
            return {};
        const Row &row = m_rows.at(index.row());
        const Column &column = m_columns.at(index.column());
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            return column.text(row);
        case Qt::TextAlignmentRole:
            return int(column.alignment);
        case Qt::UserRole:
            return row.orderId;
        default:
            return styled(row, index.column(), role);
        }
    }

protected:
    virtual QVariant styled(const Row &, int, int) const { return {}; }

private:
    QList<Column> m_columns;
    QList<Row> m_rows;
};

constexpr Qt::Alignment kRight = Qt::AlignRight | Qt::AlignVCenter;

// Words as well as colour: "WON", "LOST 409 — held by Alice (#1)".
QString verdictText(const ClaimAttemptEntry &a)
{
    if (a.isWin())
        return InspectorWindow::tr("WON");
    if (a.isConflict())
        return InspectorWindow::tr("LOST %1").arg(a.httpStatus)
            + (a.holderId ? InspectorWindow::tr(" — held by %1")
                                .arg(driverLabel(*a.holderId, a.holderName))
                          : QString());
    return a.verdict();
}

// Claim attempts: the status cells and the verdict carry the outcome's colour, the verdict
// in bold; the rest stays readable.
class AttemptsModel : public RowsModel<ClaimAttemptEntry>
{
public:
    AttemptsModel(bool withOrder, QObject *parent)
        : RowsModel(columns(withOrder), parent)
    { }

private:
    static QList<Column> columns(bool withOrder)
    {
        QList<Column> list;
        list << Column { InspectorWindow::tr("Time"), [](const auto &a) {
                            return inspectorTimeText(a.at);
                        } };
        if (withOrder)
            list << Column { InspectorWindow::tr("Order"),
                             [](const auto &a) { return QString::number(a.orderId); }, kRight };
        list << Column { InspectorWindow::tr("Driver"),
                         [](const auto &a) {
                             return driverLabel(a.driverId, a.driverName);
                         } }
             << Column { InspectorWindow::tr("Source"),
                         [](const auto &a) {
                             return LifecycleEvent::sourceLabelFor(a.source);
                         } }
             << Column { InspectorWindow::tr("Latency"),
                         [](const auto &a) { return a.latencyText(); }, kRight }
             << Column { InspectorWindow::tr("HTTP"),
                         [](const auto &a) {
                             return a.httpStatus > 0 ? QString::number(a.httpStatus)
                                                     : QStringLiteral("—");
                         },
                         Qt::AlignCenter }
             << Column { InspectorWindow::tr("Outcome"),
                         [](const auto &a) {
                             return a.outcome;
                         } }
             << Column { InspectorWindow::tr("Result"), &verdictText };
        return list;
    }

    QVariant styled(const ClaimAttemptEntry &a, int column, int role) const override
    {
        const int last = columnCount() - 1;
        if (column < last - 2)
            return {};
        if (role == Qt::BackgroundRole)
            return QBrush(OutcomePalette::background(a.httpStatus));
        if (role == Qt::ForegroundRole)
            return QBrush(OutcomePalette::text(a.httpStatus));
        if (role == Qt::FontRole && column == last) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
};

// A driver's current or past orders.
class DriverOrdersModel : public RowsModel<DriverOrderEntry>
{
public:
    explicit DriverOrdersModel(QObject *parent)
        : RowsModel({ { InspectorWindow::tr("Order"),
                        [](const auto &o) { return QString::number(o.orderId); }, kRight },
                      { InspectorWindow::tr("Status"),
                        [](const auto &o) {
                            return o.status;
                        } },
                      { InspectorWindow::tr("Customer"),
                        [](const auto &o) {
                            return o.customer;
                        } },
                      { InspectorWindow::tr("Drop-off"),
                        [](const auto &o) {
                            return o.dropoff;
                        } },
                      { InspectorWindow::tr("Since"),
                        [](const auto &o) {
                            return inspectorTimeText(o.at);
                        } },
                      { InspectorWindow::tr("Now"),
                        [](const auto &o) {
                            return o.nowWithDriverId
                                ? InspectorWindow::tr("now with %1")
                                      .arg(driverLabel(*o.nowWithDriverId, o.nowWithDriverName))
                                : QString();
                        } } },
                    parent)
    { }
};

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    model->setParent(table);
    table->setModel(model);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    if (const auto *box = qobject_cast<QGroupBox *>(parent)) // named as its box is titled
        table->setAccessibleName(box->title());
    return table;
}

void fillAttempts(QTableView *table, const QList<ClaimAttemptEntry> &attempts)
{
    static_cast<AttemptsModel *>(table->model())->setRows(attempts);
    table->resizeColumnsToContents();
    // The verdict is what support reads, so it always gets its full width; the outcome
    // code beside it says the same in capitals and is the one to shorten (its tooltip
    // keeps the whole code) when the window is narrow.
    QHeaderView *header = table->horizontalHeader();
    const int result = table->model()->columnCount() - 1;
    header->setStretchLastSection(false);
    header->setSectionResizeMode(result, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(result - 1, QHeaderView::Stretch);
}

void fillOrders(QTableView *table, const QList<DriverOrderEntry> &orders)
{
    static_cast<DriverOrdersModel *>(table->model())->setRows(orders);
    table->resizeColumnsToContents();
}

} // namespace

InspectorWindow::InspectorWindow(const ConnectionSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_session(std::make_unique<InspectorSession>(settings))
{
    setAttribute(Qt::WA_DeleteOnClose, false);
    setWindowTitle(tr("Support inspector — %1 (read-only)").arg(m_session->connectionLabel()));
    m_searchModel = new InspectorSearchModel(m_session.get(), this);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSearchPane());
    m_pages = new QTabWidget(splitter);
    m_pages->setAccessibleName(tr("Order and driver pages"));
    m_pages->addTab(buildOrderPage(), tr("Order"));
    m_pages->addTab(buildDriverPage(), tr("Driver"));
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({ 420, 860 });
    setCentralWidget(splitter);

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);

    // Ctrl+C copies the page as text whenever the focus is on a page (a search box or a
    // selected label keeps its own Copy).
    auto *copy = new QAction(tr("&Copy page as text"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pages->addAction(copy);
    connect(copy, &QAction::triggered, this, &InspectorWindow::copyPage);
    auto *exportCsv = new QAction(tr("&Export history as CSV…"), this);
    connect(exportCsv, &QAction::triggered, this, &InspectorWindow::exportHistory);
    auto *close = new QAction(tr("&Close"), this);
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    QMenu *pageMenu = menuBar()->addMenu(tr("&Page"));
    pageMenu->addAction(copy);
    pageMenu->addAction(exportCsv);
    pageMenu->addSeparator();
    pageMenu->addAction(close);

    connect(m_searchModel, &InspectorSearchModel::pageChanged, this,
            &InspectorWindow::updateSearchStatus);
    resize(1280, 760);
}

InspectorWindow::~InspectorWindow() = default;

QWidget *InspectorWindow::buildSearchPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *row = new QHBoxLayout;
    m_searchField = new QComboBox(pane);
    m_searchField->addItem(tr("Anything"), int(InspectorSearchModel::Field::Any));
    m_searchField->addItem(tr("Order number"), int(InspectorSearchModel::Field::OrderId));
    m_searchField->addItem(tr("Customer"), int(InspectorSearchModel::Field::Customer));
    m_searchField->addItem(tr("Address"), int(InspectorSearchModel::Field::Address));
    m_searchField->addItem(tr("Driver"), int(InspectorSearchModel::Field::Driver));
    m_searchEdit = new QLineEdit(pane);
    m_searchEdit->setPlaceholderText(tr("Order number, customer, address or driver"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchField->setAccessibleName(tr("Search in"));
    m_searchEdit->setAccessibleName(tr("Search text"));
    auto *go = new QPushButton(tr("&Search"), pane);
    row->addWidget(m_searchField);
    row->addWidget(m_searchEdit, 1);
    row->addWidget(go);
    layout->addLayout(row);

    m_results = new QTableView(pane);
    m_results->setModel(m_searchModel);
    m_results->setAccessibleName(tr("Search results"));
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->verticalHeader()->setVisible(false);
    m_results->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_results, 1);

    auto *paging = new QHBoxLayout;
    m_previousPage = new QPushButton(tr("◀ Newer"), pane);
    m_nextPage = new QPushButton(tr("Older ▶"), pane);
    m_pageLabel = new QLabel(pane);
    paging->addWidget(m_previousPage);
    paging->addWidget(m_pageLabel, 1, Qt::AlignCenter);
    paging->addWidget(m_nextPage);
    layout->addLayout(paging);
    m_previousPage->setEnabled(false);
    m_nextPage->setEnabled(false);

    connect(go, &QPushButton::clicked, this, &InspectorWindow::runSearch);
    connect(m_searchEdit, &QLineEdit::returnPressed, this, &InspectorWindow::runSearch);
    connect(m_previousPage, &QPushButton::clicked, m_searchModel,
            &InspectorSearchModel::previousPage);
    connect(m_nextPage, &QPushButton::clicked, m_searchModel, &InspectorSearchModel::nextPage);
    connect(m_results, &QTableView::activated, this, &InspectorWindow::openResult);
    connect(m_results, &QTableView::doubleClicked, this, &InspectorWindow::openResult);
    return pane;
}

QWidget *InspectorWindow::buildOrderPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);

    auto *header = new QHBoxLayout;
    m_orderTitle = new QLabel(tr("Search for an order, or open one from the board."), page);
    QFont titleFont = m_orderTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_orderTitle->setFont(titleFont);
    m_orderTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QPushButton(tr("Copy page as text"), page);
    m_exportCsv = new QPushButton(tr("Export history CSV…"), page);
    m_openDriver = new QPushButton(tr("Driver page"), page);
    header->addWidget(m_orderTitle, 1);
    header->addWidget(m_openDriver);
    header->addWidget(copy);
    header->addWidget(m_exportCsv);
    layout->addLayout(header);

    auto *middle = new QSplitter(Qt::Horizontal, page);
    auto *rowBox = new QGroupBox(tr("Current row"), middle);
    m_orderFields = new QFormLayout(rowBox);
    m_orderFields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *lifeBox = new QGroupBox(tr("Lifecycle (oldest first)"), middle);
    auto *lifeLayout = new QVBoxLayout(lifeBox);
    m_lifecycle = new QListWidget(lifeBox);
    m_lifecycle->setAccessibleName(lifeBox->title());
    m_lifecycle->setWordWrap(true);
    m_lifecycle->setAlternatingRowColors(true);
    lifeLayout->addWidget(m_lifecycle);
    middle->addWidget(rowBox);
    middle->addWidget(lifeBox);
    middle->setStretchFactor(1, 2);
    middle->setSizes({ 400, 600 });
    layout->addWidget(middle, 3);

    auto *attemptsBox = new QGroupBox(tr("Claim attempts (oldest first)"), page);
    auto *attemptsLayout = new QVBoxLayout(attemptsBox);
    m_attemptsSummary = new QLabel(attemptsBox);
    m_attempts = makeTable(new AttemptsModel(false, this), attemptsBox);
    attemptsLayout->addWidget(m_attemptsSummary);
    attemptsLayout->addWidget(m_attempts);
    layout->addWidget(attemptsBox, 2);

    m_openDriver->setEnabled(false);
    m_exportCsv->setEnabled(false);
    connect(copy, &QPushButton::clicked, this, &InspectorWindow::copyPage);
    connect(m_exportCsv, &QPushButton::clicked, this, &InspectorWindow::exportHistory);
    connect(m_openDriver, &QPushButton::clicked, this, [this]() {
        if (m_order.driverId)
            showDriver(*m_order.driverId);
    });
    connect(m_attempts, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid() && index.row() < m_order.attempts.size())
            showDriver(m_order.attempts.at(index.row()).driverId);
    });
    return page;
}

QWidget *InspectorWindow::buildDriverPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_driverTitle = new QLabel(tr("Open a driver from an order page."), page);
    QFont titleFont = m_driverTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_driverTitle->setFont(titleFont);
    m_driverTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_driverTitle);

    auto *top = new QHBoxLayout;
    auto *fieldsBox = new QGroupBox(tr("Driver"), page);
    m_driverFields = new QFormLayout(fieldsBox);
    top->addWidget(fieldsBox, 1);
    auto *currentBox = new QGroupBox(tr("Current orders"), page);
    auto *currentLayout = new QVBoxLayout(currentBox);
    m_driverCurrent = makeTable(new DriverOrdersModel(this), currentBox);
    currentLayout->addWidget(m_driverCurrent);
    top->addWidget(currentBox, 2);
    layout->addLayout(top, 1);

    auto *pastBox = new QGroupBox(tr("Past orders"), page);
    auto *pastLayout = new QVBoxLayout(pastBox);
    m_driverPast = makeTable(new DriverOrdersModel(this), pastBox);
    pastLayout->addWidget(m_driverPast);
    layout->addWidget(pastBox, 1);

    auto *attemptsBox = new QGroupBox(tr("Recent claim attempts (newest first)"), page);
    auto *attemptsLayout = new QVBoxLayout(attemptsBox);
    m_driverAttempts = makeTable(new AttemptsModel(true, this), attemptsBox);
    attemptsLayout->addWidget(m_driverAttempts);
    layout->addWidget(attemptsBox, 1);

    const auto openOrder = [this](const QModelIndex &index) {
        if (index.isValid())
            showOrder(index.data(Qt::UserRole).toLongLong());
    };
    for (QTableView *table : { m_driverCurrent, m_driverPast, m_driverAttempts })
        connect(table, &QTableView::doubleClicked, this, openOrder);
    return page;
}

void InspectorWindow::search(const QString &text)
{
    m_searchEdit->setText(text);
    runSearch();
}

void InspectorWindow::focusSearch()
{
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

QString InspectorWindow::searchText() const
{
    return m_searchEdit->text();
}

void InspectorWindow::runSearch()
{
    const auto field = InspectorSearchModel::Field(m_searchField->currentData().toInt());
    m_searchModel->search(m_searchEdit->text(), field);
    // One hit by number: open it straight away, as support usually wants.
    if (m_searchModel->rowCount() == 1 && !m_searchModel->hasPreviousPage())
        showOrder(m_searchModel->orderIdAt(0));
}

void InspectorWindow::updateSearchStatus()
{
    m_previousPage->setEnabled(m_searchModel->hasPreviousPage());
    m_nextPage->setEnabled(m_searchModel->hasNextPage());
    m_pageLabel->setText(
        tr("page %1 · %2 shown").arg(m_searchModel->pageNumber()).arg(m_searchModel->rowCount()));
    const QString message = m_searchModel->message();
    showStatus(message.isEmpty()
                   ? tr("%n order(s) on this page.", nullptr, m_searchModel->rowCount())
                   : message,
               m_searchModel->failed());
    m_results->resizeColumnsToContents();
}

void InspectorWindow::openResult(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const qint64 orderId = index.data(InspectorSearchModel::OrderIdRole).toLongLong();
    if (InspectorSearchModel::Column(index.column()) == InspectorSearchModel::Column::Driver) {
        const QVariant driver = index.data(InspectorSearchModel::DriverIdRole);
        if (!driver.isNull()) {
            showDriver(driver.toLongLong());
            return;
        }
    }
    showOrder(orderId);
}

void InspectorWindow::showOrder(qint64 orderId)
{
    m_order = m_session->loadOrder(orderId);
    renderOrder();
    m_pages->setCurrentIndex(0);
}

void InspectorWindow::showDriver(qint64 driverId)
{
    m_driver = m_session->loadDriver(driverId);
    renderDriver();
    m_pages->setCurrentIndex(1);
}

void InspectorWindow::renderOrder()
{
    const OrderPage &page = m_order;
    m_lifecycle->clear();
    fillAttempts(m_attempts, {});
    m_openDriver->setEnabled(page.found && page.driverId.has_value());
    m_exportCsv->setEnabled(page.found);
    if (!page.found) {
        fillForm(m_orderFields, {});
        m_attemptsSummary->clear();
        m_attemptsSummary->setStyleSheet(QString());
        // Not "Order 99999": a title like that reads as if the order were there but empty.
        m_orderTitle->setText(page.error.isEmpty()
                                  ? tr("No order %1").arg(page.orderId)
                                  : tr("Order %1 could not be read").arg(page.orderId));
        showStatus(page.error.isEmpty() ? tr("There is no order %1.").arg(page.orderId)
                                        : page.error,
                   !page.error.isEmpty());
        return;
    }
    m_orderTitle->setText(
        tr("Order %1 — %2%3")
            .arg(page.orderId)
            .arg(page.status,
                 page.driverId ? tr(", with %1").arg(driverLabel(*page.driverId, page.driverName))
                               : QString()));
    fillForm(m_orderFields, page.fields);

    for (const LifecycleEvent &event : page.lifecycle) {
        QString text
            = QStringLiteral("● %1   %2\n     %3 · by %4 via %5")
                  .arg(inspectorTimeText(event.at), event.summary(), event.kindName(),
                       event.actor.isEmpty() ? tr("(unknown)") : event.actor, event.sourceLabel());
        if (!event.reason.isEmpty())
            text += tr(" · reason: %1").arg(event.reason);
        auto *item = new QListWidgetItem(text, m_lifecycle);
        item->setToolTip(tr("transaction %1, %2").arg(event.txid).arg(event.operation));
        if (event.source == QLatin1String("direct SQL")) {
            QFont font = item->font();
            font.setItalic(true); // made outside the console, the simulator and the API
            item->setFont(font);
        }
    }
    if (page.lifecycleTruncated)
        new QListWidgetItem(
            tr("… only the first %1 events are shown").arg(OrderPage::kMaxLifecycle), m_lifecycle);

    fillAttempts(m_attempts, page.attempts);
    QString summary = tr("%1 attempt(s): %2 won (200), %3 lost with 409 conflict, %4 other")
                          .arg(page.attempts.size())
                          .arg(page.wins())
                          .arg(page.conflicts())
                          .arg(page.attempts.size() - page.wins() - page.conflicts());
    // More than one win is legal (released, then claimed again) but is what support is
    // usually asked about, so it is said first and in red rather than left to be counted.
    const bool severalWins = page.wins() > 1;
    if (severalWins)
        summary = tr("⚠ Won %1 times: this order was assigned more than once — check the "
                     "lifecycle for the release between the wins. ")
                      .arg(page.wins())
            + summary;
    m_attemptsSummary->setText(summary);
    m_attemptsSummary->setStyleSheet(
        severalWins ? QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }") : QString());
    showStatus(page.error.isEmpty() ? tr("Order %1 read at %2 (read-only).")
                                          .arg(page.orderId)
                                          .arg(inspectorTimeText(page.readAt))
                                    : page.error,
               !page.error.isEmpty());
}

void InspectorWindow::renderDriver()
{
    const DriverPage &page = m_driver;
    if (!page.found) {
        fillForm(m_driverFields, {});
        fillOrders(m_driverCurrent, {});
        fillOrders(m_driverPast, {});
        fillAttempts(m_driverAttempts, {});
        m_driverTitle->setText(page.error.isEmpty()
                                   ? tr("No driver %1").arg(page.driverId)
                                   : tr("Driver %1 could not be read").arg(page.driverId));
        showStatus(page.error.isEmpty() ? tr("There is no driver %1.").arg(page.driverId)
                                        : page.error,
                   !page.error.isEmpty());
        return;
    }
    const QString label = driverLabel(page.driverId, page.name);
    m_driverTitle->setText(
        page.countsCapped
            ? tr("%1 — of the last %2 attempts: %3 won, %4 conflicts (409), %5 other refusals")
                  .arg(label)
                  .arg(DriverPage::kMaxCountedAttempts)
                  .arg(page.wins)
                  .arg(page.conflicts)
                  .arg(page.otherAttempts)
            : tr("%1 — %2 won, %3 conflicts (409), %4 other refusals")
                  .arg(label)
                  .arg(page.wins)
                  .arg(page.conflicts)
                  .arg(page.otherAttempts));
    fillForm(m_driverFields, page.fields);
    fillOrders(m_driverCurrent, page.currentOrders);
    fillOrders(m_driverPast, page.pastOrders);
    fillAttempts(m_driverAttempts, page.recentAttempts);
    showStatus(page.error.isEmpty() ? tr("Driver %1 read at %2 (read-only).")
                                          .arg(page.driverId)
                                          .arg(inspectorTimeText(page.readAt))
                                    : page.error,
               !page.error.isEmpty());
}

QString InspectorWindow::pageText() const
{
    return m_pages->currentIndex() == 1 ? m_driver.toPlainText() : m_order.toPlainText();
}

void InspectorWindow::copyPage()
{
    if (m_pages->currentIndex() == 0 && m_order.orderId == 0)
        return;
    if (m_pages->currentIndex() == 1 && m_driver.driverId == 0)
        return;
    QApplication::clipboard()->setText(pageText());
    showStatus(tr("Page copied as text."), false);
}

bool InspectorWindow::exportHistoryCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(m_order.historyCsv().toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void InspectorWindow::exportHistory()
{
    if (!m_order.found)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export order history"),
        QStringLiteral("order-%1-history.csv").arg(m_order.orderId), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportHistoryCsv(path, &error))
        showStatus(tr("History of order %1 written to %2.").arg(m_order.orderId).arg(path), false);
    else
        showStatus(tr("Could not write %1: %2").arg(path, error), true);
}

QString InspectorWindow::statusText() const
{
    return m_status->text();
}

QString InspectorWindow::orderTitleText() const
{
    return m_orderTitle->text();
}

QString InspectorWindow::attemptsSummaryText() const
{
    return m_attemptsSummary->text();
}

void InspectorWindow::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b71c1c; font-weight: bold;")
                                    : QString());
}
