#pragma once

#include "board/orderdetails.h"
#include "db/connectionsettings.h"

#include <QMainWindow>
#include <functional>

class AssignedOrdersModel;
class QDateTime;
class AssignedPanel;
class AssignmentController;
class AssignmentService;
class BoardPanel;
class DriversModel;
class OrderChangeListener;
class OutcomeBanner;
class OutcomeLogDock;
class OutcomeLogModel;
class InspectorWindow;
class OrderDetailsDock;
class QLabel;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;
class QTimer;
class ReadyOrdersModel;
class RefreshPacer;

// The dispatcher's window: the banner over the tabs (Ready: BoardPanel; Assigned:
// AssignedPanel; and whatever workspaces the composition root adds, the trainer's Simulation
// among them), the outcome log dock, menus and status bar. What the dispatcher asks for goes
// to AssignmentController (no widget), which sends it through AssignmentService (off the GUI
// thread) and reports each outcome: it colours the row and shows in the non-modal banner,
// never a modal dialog. Lives on the GUI thread; owns no database connection itself.
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
        // For the windows that open their own connections (the inspector).
        ConnectionSettings settings;
        // Reads the selected order's details (OrderDetails::read); none: no details dock.
        std::function<OrderDetails(qint64)> orderDetails;
    };

    explicit MainWindow(const Parts &parts, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Another workspace (the trainer's simulation, say) as a tab after Ready and Assigned.
    void addWorkspace(QWidget *widget, const QString &title);

    void refreshBoard();
    void refreshDrivers();
    void refreshAssigned();
    void refreshAll(); // board, drivers and assigned orders
    // Spaces the side boards' re-reads (drivers, assigned, in delivery) after changes made
    // elsewhere: at most one per second however many claims arrive; at once for a change to
    // the drivers themselves. Whoever shows a side board re-reads it on refreshDue.
    RefreshPacer *sidePacer() const { return m_sidePacer; }
    QTableView *boardView() const;
    QTableView *driversView() const;
    BoardPanel *boardPanel() const { return m_boardPanel; }
    AssignedPanel *assignedPanel() const { return m_assignedPanel; }
    OutcomeBanner *banner() const { return m_banner; }
    OrderDetailsDock *detailsDock() const { return m_detailsDock; }
    AssignmentController *controller() const { return m_controller; }
    QString bannerText() const;
    // A non-modal message over the board, coloured like the outcome it reports
    // (httpStatus 0: neutral).
    void showBanner(const QString &text, int httpStatus);

    // For keyboard-free callers (tests, drag and drop): claim orders for a driver.
    void assign(const QList<qint64> &orderIds, qint64 driverId);
    // Ctrl+Z: gives back the orders the last assignment won (guarded on their driver).
    void undoLastAssignment();
    // The support inspector on one order, in its own window (read-only connection).
    void inspectOrder(qint64 orderId);
    // Orders › Find any order (Ctrl+Shift+F): the inspector's search over every order, not
    // only ready ones, started with `text` (the board's filter) or waiting for it.
    InspectorWindow *findAnyOrder(const QString &text);
    // What the driver HTTP API (run by the application, not the window) is doing.
    void setDriverApiState(bool running, const QString &text);
    // An order passed its promise (LateOrderWatch): said in the status bar, as a desktop
    // notification where there is a system tray, and with a beep when View › Sound when an
    // order becomes late is on (off at first; remembered).
    void notifyLate(const QString &text);
    QString lateNotice() const { return m_lateNotice; }
    bool lateSoundEnabled() const;
    // What File › Export board / outcome log as CSV… write (csvwriter.h, formula guard).
    QString boardCsv() const;
    QString outcomeLogCsv() const;
    // Where an export dialog starts: the last export's folder (Documents at first) and a name
    // saying what and when, "board-2026-12-01-1432.csv".
    static QString suggestedExportPath(const QString &what, const QDateTime &when);

signals:
    void connectRequested(const QString &connectionString, const QString &password);
    // "host:port" to start the driver HTTP API on, or empty to stop it.
    void driverApiRequested(const QString &listen);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // The constructor's phases, in order.
    void buildWorkspaces();
    void buildOutcomeLog();
    void buildDetails();
    void buildStatusBar();
    void buildMenus();
    void wireRequests();
    void startLiveUpdates();

    void setLive(bool live, const QString &reason);
    void exportCsv(const QString &title, const QString &what, const QString &csv);

    Parts m_parts;
    AssignmentController *m_controller = nullptr;
    OutcomeBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    BoardPanel *m_boardPanel = nullptr;
    AssignedPanel *m_assignedPanel = nullptr;
    OutcomeLogDock *m_logDock = nullptr;
    OrderDetailsDock *m_detailsDock = nullptr;
    QLabel *m_liveLabel = nullptr;
    bool m_listenImpossible = false; // the listener's address is a pooler's
    QLabel *m_apiLabel = nullptr;
    QAction *m_apiAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_lateSoundAction = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lateNotice;
    QTimer *m_pollTimer = nullptr;
    RefreshPacer *m_sidePacer = nullptr;
    QTimer *m_ageTimer = nullptr;
};
