#pragma once

#include "claims/assignmentservice.h"
#include "db/connectionsettings.h"

#include <QMainWindow>

class AssignedOrdersModel;
class BoardStyleProxy;
class DriversModel;
class OrderChangeListener;
class OutcomeLogModel;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class ReadyOrdersModel;

// The dispatcher's window: the live ready board, the drivers beside it, the assigned
// orders, and the outcome log. Every assignment goes through AssignmentService (off the
// GUI thread); each outcome colours its row and shows in a non-modal banner, never a
// modal dialog. Lives on the GUI thread; owns no database connection itself.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Parts
    {
        ReadyOrdersModel *board = nullptr;
        DriversModel *drivers = nullptr;
        AssignedOrdersModel *assigned = nullptr;
        OutcomeLogModel *log = nullptr;
        AssignmentService *assignments = nullptr;
        OrderChangeListener *listener = nullptr; // may be null: then the window polls
        QString connectionLabel;
        // For the windows that open their own connections (inspector, simulation).
        ConnectionSettings settings;
        bool trainingDatabase = false; // the embedded default: marked for training on first Start
    };

    explicit MainWindow(const Parts &parts, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Another workspace (the trainer's simulation, say) as a tab beside Ready / Assigned.
    void addWorkspace(QWidget *widget, const QString &title);

    void refreshBoard();
    void refreshDrivers();
    void refreshAssigned();
    void refreshAll(); // board, drivers and assigned orders
    QTableView *boardView() const { return m_boardView; }
    QTableView *driversView() const { return m_driversView; }
    QString bannerText() const;
    // A non-modal message over the board, coloured like the outcome it reports
    // (httpStatus 0: neutral).
    void showBanner(const QString &text, int httpStatus);

    // For keyboard-free callers (tests, drag and drop): claim orders for a driver.
    void assign(const QList<qint64> &orderIds, qint64 driverId);
    // The support inspector on one order, in its own window (read-only connection).
    void inspectOrder(qint64 orderId);
    // What the driver HTTP API (run by the application, not the window) is doing.
    void setDriverApiState(bool running, const QString &text);
    // What File › Export board / outcome log as CSV… write (csvwriter.h, formula guard).
    QString boardCsv() const;
    QString outcomeLogCsv() const;

signals:
    void connectRequested(const QString &connectionString, const QString &password);
    // "host:port" to start the driver HTTP API on, or empty to stop it.
    void driverApiRequested(const QString &listen);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void assignSelected();
    void holdSelected();
    void unassignSelected();
    void reassignSelected();
    void showBoardMenu(const QPoint &position);
    void onFinished(AssignmentService::Operation operation, const ClaimOutcome &outcome);
    void setLive(bool live, const QString &reason);
    void updateCounts();
    void exportCsv(const QString &title, const QString &csv);
    void copyLogSelection();
    QList<qint64> selectedOrderIds() const;
    qint64 selectedDriverId() const;

    Parts m_parts;
    BoardStyleProxy *m_style = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_boardView = nullptr;
    QTableView *m_driversView = nullptr;
    QTableView *m_assignedView = nullptr;
    QTableView *m_logView = nullptr;
    QLineEdit *m_filter = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QTimer *m_bannerTimer = nullptr;
    QLabel *m_liveLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_ageTimer = nullptr;
    QLabel *m_apiLabel = nullptr;
    QAction *m_apiAction = nullptr;

    struct Batch
    {
        int total = 0;
        int done = 0;
        int wins = 0;
        QStringList problems;
    } m_batch;
};
