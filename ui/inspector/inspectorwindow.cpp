#include "inspector/inspectorwindow.h"

#include "common/outcomepalette.h"
#include "inspector/inspectorsearchmodel.h"
#include "inspector/inspectorsession.h"

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
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    if (const auto *box = qobject_cast<QGroupBox *>(parent)) // named as its box is titled
        table->setAccessibleName(box->title());
    return table;
}

QTableWidgetItem *cell(const QString &text,
                       Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment);
    item->setToolTip(text);
    return item;
}

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

void fillAttempts(QTableWidget *table, const QList<ClaimAttemptEntry> &attempts, bool withOrder)
{
    table->setRowCount(int(attempts.size()));
    for (int row = 0; row < attempts.size(); ++row) {
        const ClaimAttemptEntry &a = attempts.at(row);
        QList<QTableWidgetItem *> items;
        items << cell(inspectorTimeText(a.at));
        if (withOrder)
            items << cell(QString::number(a.orderId), Qt::AlignRight | Qt::AlignVCenter);
        items << cell(driverLabel(a.driverId, a.driverName))
              << cell(LifecycleEvent::sourceLabelFor(a.source))
              << cell(a.latencyText(), Qt::AlignRight | Qt::AlignVCenter)
              << cell(a.httpStatus > 0 ? QString::number(a.httpStatus) : QStringLiteral("—"),
                      Qt::AlignCenter)
              << cell(a.outcome);
        // Words as well as colour: "WON", "LOST 409 — held by Alice (#1)".
        QString verdict = a.verdict();
        if (a.isWin())
            verdict = InspectorWindow::tr("WON");
        else if (a.isConflict())
            verdict = InspectorWindow::tr("LOST %1").arg(a.httpStatus)
                + (a.holderId ? InspectorWindow::tr(" — held by %1")
                                    .arg(driverLabel(*a.holderId, a.holderName))
                              : QString());
        items << cell(verdict);
        const QColor background = OutcomePalette::background(a.httpStatus);
        const QColor text = OutcomePalette::text(a.httpStatus);
        for (int column = 0; column < items.size(); ++column) {
            QTableWidgetItem *item = items.at(column);
            item->setData(Qt::UserRole, a.orderId);
            // The status cells and the verdict carry the colour; the rest stays readable.
            if (column >= items.size() - 3) {
                item->setBackground(background);
                item->setForeground(text);
            }
            if (column == items.size() - 1) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            table->setItem(row, column, item);
        }
    }
    table->resizeColumnsToContents();
}

void fillOrders(QTableWidget *table, const QList<DriverOrderEntry> &orders)
{
    table->setRowCount(int(orders.size()));
    for (int row = 0; row < orders.size(); ++row) {
        const DriverOrderEntry &o = orders.at(row);
        const QList<QTableWidgetItem *> items {
            cell(QString::number(o.orderId), Qt::AlignRight | Qt::AlignVCenter),
            cell(o.status),
            cell(o.customer),
            cell(o.dropoff),
            cell(inspectorTimeText(o.at)),
            cell(o.nowWithDriverId ? InspectorWindow::tr("now with %1")
                                         .arg(driverLabel(*o.nowWithDriverId, o.nowWithDriverName))
                                   : QString()),
        };
        for (int column = 0; column < items.size(); ++column) {
            items.at(column)->setData(Qt::UserRole, o.orderId);
            table->setItem(row, column, items.at(column));
        }
    }
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
    m_attempts = makeTable({ tr("Time"), tr("Driver"), tr("Source"), tr("Latency"), tr("HTTP"),
                             tr("Outcome"), tr("Result") },
                           attemptsBox);
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
    connect(m_attempts, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row >= 0 && row < m_order.attempts.size())
            showDriver(m_order.attempts.at(row).driverId);
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
    const QStringList orderHeaders { tr("Order"),    tr("Status"), tr("Customer"),
                                     tr("Drop-off"), tr("Since"),  tr("Now") };
    m_driverCurrent = makeTable(orderHeaders, currentBox);
    currentLayout->addWidget(m_driverCurrent);
    top->addWidget(currentBox, 2);
    layout->addLayout(top, 1);

    auto *pastBox = new QGroupBox(tr("Past orders"), page);
    auto *pastLayout = new QVBoxLayout(pastBox);
    m_driverPast = makeTable(orderHeaders, pastBox);
    pastLayout->addWidget(m_driverPast);
    layout->addWidget(pastBox, 1);

    auto *attemptsBox = new QGroupBox(tr("Recent claim attempts (newest first)"), page);
    auto *attemptsLayout = new QVBoxLayout(attemptsBox);
    m_driverAttempts = makeTable({ tr("Time"), tr("Order"), tr("Driver"), tr("Source"),
                                   tr("Latency"), tr("HTTP"), tr("Outcome"), tr("Result") },
                                 attemptsBox);
    attemptsLayout->addWidget(m_driverAttempts);
    layout->addWidget(attemptsBox, 1);

    const auto openOrder = [this](QTableWidget *table) {
        return [this, table](int row, int) {
            if (const QTableWidgetItem *item = table->item(row, 0))
                showOrder(item->data(Qt::UserRole).toLongLong());
        };
    };
    connect(m_driverCurrent, &QTableWidget::cellDoubleClicked, this, openOrder(m_driverCurrent));
    connect(m_driverPast, &QTableWidget::cellDoubleClicked, this, openOrder(m_driverPast));
    connect(m_driverAttempts, &QTableWidget::cellDoubleClicked, this, openOrder(m_driverAttempts));
    return page;
}

void InspectorWindow::search(const QString &text)
{
    m_searchEdit->setText(text);
    runSearch();
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
    m_attempts->setRowCount(0);
    m_openDriver->setEnabled(page.found && page.driverId.has_value());
    m_exportCsv->setEnabled(page.found);
    if (!page.found) {
        fillForm(m_orderFields, {});
        m_attemptsSummary->clear();
        m_orderTitle->setText(tr("Order %1").arg(page.orderId));
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

    fillAttempts(m_attempts, page.attempts, false);
    m_attemptsSummary->setText(
        tr("%1 attempt(s): %2 won (200), %3 lost with 409 conflict, %4 other")
            .arg(page.attempts.size())
            .arg(page.wins())
            .arg(page.conflicts())
            .arg(page.attempts.size() - page.wins() - page.conflicts()));
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
        m_driverCurrent->setRowCount(0);
        m_driverPast->setRowCount(0);
        m_driverAttempts->setRowCount(0);
        m_driverTitle->setText(tr("Driver %1").arg(page.driverId));
        showStatus(page.error.isEmpty() ? tr("There is no driver %1.").arg(page.driverId)
                                        : page.error,
                   !page.error.isEmpty());
        return;
    }
    m_driverTitle->setText(tr("%1 — %2 won, %3 conflicts (409), %4 other refusals")
                               .arg(driverLabel(page.driverId, page.name))
                               .arg(page.wins)
                               .arg(page.conflicts)
                               .arg(page.otherAttempts));
    fillForm(m_driverFields, page.fields);
    fillOrders(m_driverCurrent, page.currentOrders);
    fillOrders(m_driverPast, page.pastOrders);
    fillAttempts(m_driverAttempts, page.recentAttempts, true);
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

void InspectorWindow::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b71c1c; font-weight: bold;")
                                    : QString());
}
