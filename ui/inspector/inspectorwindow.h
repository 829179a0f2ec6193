#pragma once

#include "db/connectionsettings.h"
#include "inspector/inspectorpages.h"

#include <QMainWindow>
#include <memory>

class InspectorSearchModel;
class InspectorSession;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTabWidget;
class QTableView;

// The support inspector: find an order (by number, customer, address or driver), read its
// current row, its lifecycle as a timeline and every claim attempt — the winner and each
// 409 side by side — or a driver's orders, wins and conflicts. Read-only: it works on its
// own InspectorSession (default_transaction_read_only on) and has no action that writes.
//
// Open it from the command line (--inspect N) or the board's "Inspect order" with
//   auto *w = new InspectorWindow(settings, parent); w->showOrder(id); w->show();
// Lives on the GUI thread; the session's connection is opened on first use.
class InspectorWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit InspectorWindow(const ConnectionSettings &settings, QWidget *parent = nullptr);
    ~InspectorWindow() override;

    void showOrder(qint64 orderId);
    void showDriver(qint64 driverId);
    void search(const QString &text);
    // Shows the search box with the cursor in it, for a search yet to be typed.
    void focusSearch();
    QString searchText() const;

    // What "Copy page as text" puts on the clipboard, and what the CSV export writes.
    QString pageText() const;
    bool exportHistoryCsv(const QString &path, QString *error = nullptr) const;

    // For tests and the screenshot.
    const OrderPage &orderPage() const { return m_order; }
    const DriverPage &driverPage() const { return m_driver; }
    QTableView *attemptsTable() const { return m_attempts; }
    QListWidget *lifecycleList() const { return m_lifecycle; }
    QTableView *resultsView() const { return m_results; }
    QString statusText() const;
    QString orderTitleText() const;
    // Above the attempts: the counts, led by a warning when the order was won more than once.
    QString attemptsSummaryText() const;

private:
    QWidget *buildSearchPane();
    QWidget *buildOrderPage();
    QWidget *buildDriverPage();
    void runSearch();
    void updateSearchStatus();
    void openResult(const QModelIndex &index);
    void renderOrder();
    void renderDriver();
    void copyPage();
    void exportHistory();
    void showStatus(const QString &text, bool problem);

    std::unique_ptr<InspectorSession> m_session;
    InspectorSearchModel *m_searchModel = nullptr;
    OrderPage m_order;
    DriverPage m_driver;

    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_searchField = nullptr;
    QTableView *m_results = nullptr;
    QPushButton *m_previousPage = nullptr;
    QPushButton *m_nextPage = nullptr;
    QLabel *m_pageLabel = nullptr;
    QLabel *m_status = nullptr;
    QTabWidget *m_pages = nullptr;

    QLabel *m_orderTitle = nullptr;
    QFormLayout *m_orderFields = nullptr;
    QListWidget *m_lifecycle = nullptr;
    QTableView *m_attempts = nullptr;
    QLabel *m_attemptsSummary = nullptr;
    QPushButton *m_openDriver = nullptr;
    QPushButton *m_exportCsv = nullptr;

    QLabel *m_driverTitle = nullptr;
    QFormLayout *m_driverFields = nullptr;
    // Each shows a small read-only model of the page's rows (inspectorwindow.cpp).
    QTableView *m_driverCurrent = nullptr;
    QTableView *m_driverPast = nullptr;
    QTableView *m_driverAttempts = nullptr;
};
