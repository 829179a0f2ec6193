#include "lib/consolesession.h"

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "board/indeliverymodel.h"
#include "board/lateorderwatch.h"
#include "board/orderchangelistener.h"
#include "board/orderdetails.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"
#include "board/refreshpacer.h"
#include "claims/assignmentservice.h"
#include "console/indeliverypanel.h"
#include "console/mainwindow.h"
#include "console/orderdetailsdock.h"
#include "core/hostport.h"
#include "db/databaseconnection.h"
#include "db/migrator.h"
#include "http/driverapi.h"
#include "simulation/simulationview.h"

#include <QApplication>
#include <QHostAddress>
#include <QIcon>
#include <QSysInfo>
#include <QTableView>
#include <QTimer>
#include <cstdio>
#include <optional>

struct ConsoleSession::Parts
{
    Parts(const ConnectionSettings &settings, const QString &name)
        : connection(settings, name)
    { }
    DatabaseConnection connection;
    std::unique_ptr<ReadyOrdersModel> board;
    std::unique_ptr<DriversModel> drivers;
    std::unique_ptr<AssignedOrdersModel> assigned;
    std::unique_ptr<InDeliveryModel> inDelivery;
    std::unique_ptr<OutcomeLogModel> log;
    std::unique_ptr<AssignmentService> assignments;
    std::unique_ptr<OrderChangeListener> listener;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<LateOrderWatch> lateOrders; // reads inDelivery, tells window
    SimulationView *simulation = nullptr; // a tab of the window, which owns it
    std::unique_ptr<DriverApi> driverApi; // the driver HTTP API, when the dispatcher serves it
    QTimer apiStatus;
};

namespace {

ConsoleSession::Options optionsFor(const ConnectionSettings &settings,
                                   const QString &connectionLabel, bool trainingDatabase,
                                   std::optional<ConnectionSettings> driverApiSettings,
                                   std::optional<ConnectionSettings> listenSettings)
{
    ConsoleSession::Options options;
    options.settings = settings;
    options.connectionLabel = connectionLabel;
    options.trainingDatabase = trainingDatabase;
    options.driverApiSettings = std::move(driverApiSettings);
    options.listenSettings = std::move(listenSettings);
    return options;
}

} // namespace

ConsoleSession::ConsoleSession(const ConnectionSettings &settings, const QString &connectionLabel,
                               bool trainingDatabase,
                               std::optional<ConnectionSettings> driverApiSettings,
                               std::optional<ConnectionSettings> listenSettings)
    : ConsoleSession(optionsFor(settings, connectionLabel, trainingDatabase,
                                std::move(driverApiSettings), std::move(listenSettings)))
{ }

ConsoleSession::Options ConsoleSession::named(const ConnectionSettings &settings,
                                              const QString &name)
{
    Options options;
    options.settings = settings;
    options.connectionLabel = name;
    options.name = name;
    options.actor = QStringLiteral("console:") + name;
    return options;
}

ConsoleSession::ConsoleSession(const Options &options)
    : m_parts(std::make_unique<Parts>(options.settings, options.name))
{
    const ConnectionSettings &settings = options.settings;
    m_parts->connection.open();
    const QSqlDatabase db = m_parts->connection.database();
    m_parts->board = std::make_unique<ReadyOrdersModel>(db);
    m_parts->drivers = std::make_unique<DriversModel>(db);
    m_parts->assigned = std::make_unique<AssignedOrdersModel>(db);
    m_parts->log = std::make_unique<OutcomeLogModel>();
    const QString actor = !options.actor.isEmpty()
        ? options.actor
        : QStringLiteral("console:%1@%2")
              .arg(qEnvironmentVariable("USER", QStringLiteral("dispatcher")),
                   QSysInfo::machineHostName());
    m_parts->assignments = std::make_unique<AssignmentService>(settings, actor);
    if (options.listen)
        m_parts->listener
            = std::make_unique<OrderChangeListener>(options.listenSettings.value_or(settings));
    // After a failover (or a server restart) QPSQL keeps the GUI connection's dead session
    // and every board refresh fails. When the listener is live again it has reached the
    // server (through a multi-host address, the new primary): reopen the GUI connection
    // too, before the window's own slot (connected later) refreshes the board.
    DatabaseConnection *gui = &m_parts->connection;
    if (m_parts->listener)
        QObject::connect(m_parts->listener.get(), &OrderChangeListener::liveChanged,
                         m_parts->listener.get(), [gui](bool live, const QString &) {
                             if (live)
                                 gui->reopenIfLost();
                         });

    MainWindow::Parts parts;
    parts.board = m_parts->board.get();
    parts.drivers = m_parts->drivers.get();
    parts.assigned = m_parts->assigned.get();
    parts.log = m_parts->log.get();
    parts.assignments = m_parts->assignments.get();
    parts.listener = m_parts->listener.get();
    parts.connectionLabel = options.connectionLabel;
    parts.settings = settings;
    parts.orderDetails = [db](qint64 orderId) {
        return OrderDetails::read(db, orderId);
    };
    m_parts->window = std::make_unique<MainWindow>(parts);
    // The trainer's workspace: simulated drivers racing on their own connections. Its
    // constructor runs no SQL; the training flag is read when it is shown and set by Start.
    m_parts->simulation = new SimulationView(settings, options.trainingDatabase);
    m_parts->window->addWorkspace(m_parts->simulation, MainWindow::tr("&Simulation"));

    // The In delivery board (issue 16): a workspace tab, live on the same listener; the
    // dispatcher's fail and cancel go through the same AssignmentService as every claim.
    m_parts->inDelivery = std::make_unique<InDeliveryModel>(db);
    auto *inDelivery = new InDeliveryPanel(m_parts->inDelivery.get());
    m_parts->window->addWorkspace(inDelivery, InDeliveryPanel::tr("In &delivery"));
    // The driver at the door needs the customer's phone: the details follow this board too.
    if (OrderDetailsDock *details = m_parts->window->detailsDock())
        details->follow(inDelivery->view(), InDeliveryModel::OrderIdRole);
    // An order that passes its promise: said once (status bar, tray, optional beep).
    m_parts->lateOrders = std::make_unique<LateOrderWatch>(m_parts->inDelivery.get());
    QObject::connect(m_parts->lateOrders.get(), &LateOrderWatch::becameLate, m_parts->window.get(),
                     [window = m_parts->window.get()](const auto &orders) {
                         window->notifyLate(LateOrderWatch::describe(orders));
                     });
    m_parts->lateOrders->start();
    AssignmentService *assignments = m_parts->assignments.get();
    QObject::connect(m_parts->window->sidePacer(), &RefreshPacer::refreshDue, inDelivery,
                     &InDeliveryPanel::refresh);
    QObject::connect(assignments, &AssignmentService::finished, inDelivery,
                     &InDeliveryPanel::refresh);
    QObject::connect(inDelivery, &InDeliveryPanel::failRequested, assignments,
                     [assignments](qint64 order, qint64 driver, const QString &reason) {
                         assignments->advance(order, driver, DeliveryStep::Fail, reason);
                     });
    QObject::connect(
        inDelivery, &InDeliveryPanel::cancelRequested, assignments,
        [assignments](qint64 order, const QString &status, qint64 driver, const QString &reason) {
            assignments->cancel(order, status, driver, reason);
        });

    // The same driver API as `dispatch-console serve`, started and stopped from the menu.
    MainWindow *window = m_parts->window.get();
    Parts *state = m_parts.get();
    m_parts->apiStatus.setInterval(1000);
    QObject::connect(&m_parts->apiStatus, &QTimer::timeout, window, [state, window] {
        if (!state->driverApi)
            return;
        window->setDriverApiState(true,
                                  MainWindow::tr("API %1 · %2 requests · %3 conflicts")
                                      .arg(state->driverApi->baseUrl())
                                      .arg(state->driverApi->metrics().totalRequests())
                                      .arg(state->driverApi->metrics().conflicts()));
    });
    const ConnectionSettings apiSettings = options.driverApiSettings.value_or(settings);
    QObject::connect(
        window, &MainWindow::driverApiRequested, window,
        [state, window, apiSettings](const QString &listen) {
            state->driverApi.reset();
            state->apiStatus.stop();
            if (listen.isEmpty()) {
                window->setDriverApiState(false, QString());
                return;
            }
            // The command line's parser (serve --listen): [::1]:8080 and localhost:8080 too.
            const auto hostPort = HostPort::parse(listen);
            if (!hostPort) {
                window->setDriverApiState(false, QString());
                window->showBanner(
                    MainWindow::tr("\"%1\" is not host:port (for example 127.0.0.1:8080).")
                        .arg(listen.left(80)),
                    400);
                return;
            }
            DriverApi::Options options;
            options.address = QHostAddress(hostPort->host);
            options.port = quint16(hostPort->port);
            auto api = std::make_unique<DriverApi>(apiSettings, options);
            QString error;
            if (!api->start(&error)) {
                window->setDriverApiState(false, QString());
                window->showBanner(MainWindow::tr("The driver API did not start: %1").arg(error),
                                   503);
                return;
            }
            state->driverApi = std::move(api);
            state->apiStatus.start();
            window->setDriverApiState(true,
                                      MainWindow::tr("API %1").arg(state->driverApi->baseUrl()));
        });
}

ConsoleSession::~ConsoleSession()
{
    // The API and the window first (they use the models), the connection last.
    m_parts->apiStatus.stop();
    m_parts->driverApi.reset();
    m_parts->window.reset();
    m_parts->listener.reset();
    m_parts->assignments.reset();
    m_parts->assigned.reset();
    m_parts->inDelivery.reset();
    m_parts->drivers.reset();
    m_parts->board.reset();
}

MainWindow *ConsoleSession::window() const
{
    return m_parts->window.get();
}

ReadyOrdersModel *ConsoleSession::board() const
{
    return m_parts->board.get();
}

DriversModel *ConsoleSession::drivers() const
{
    return m_parts->drivers.get();
}

AssignedOrdersModel *ConsoleSession::assigned() const
{
    return m_parts->assigned.get();
}

OutcomeLogModel *ConsoleSession::log() const
{
    return m_parts->log.get();
}

AssignmentService *ConsoleSession::assignments() const
{
    return m_parts->assignments.get();
}

OrderChangeListener *ConsoleSession::listener() const
{
    return m_parts->listener.get();
}

SimulationView *ConsoleSession::simulation() const
{
    return m_parts->simulation;
}

InDeliveryModel *ConsoleSession::inDelivery() const
{
    return m_parts->inDelivery.get();
}

LateOrderWatch *ConsoleSession::lateOrders() const
{
    return m_parts->lateOrders.get();
}

int runConsoleWindow(ConnectionSettings settings, QString connectionLabel, bool trainingDatabase,
                     std::optional<ConnectionSettings> driverApiSettings,
                     std::optional<ConnectionSettings> listenSettings)
{
    QIcon icon;
    for (int size : { 16, 32, 48, 64, 128, 256 })
        icon.addFile(QStringLiteral(":/icons/dispatch-console-%1.png").arg(size),
                     QSize(size, size));
    QApplication::setWindowIcon(icon);
    for (;;) {
        std::optional<ConnectionSettings> next;
        ConsoleSession session(settings, connectionLabel, trainingDatabase, driverApiSettings,
                               listenSettings);
        MainWindow *window = session.window();
        QObject::connect(
            window, &MainWindow::connectRequested, window,
            [&next, window](const QString &text, const QString &password) {
                QString error;
                auto parsed = ConnectionSettings::parse(text, &error);
                if (!parsed) {
                    window->showBanner(error, 400);
                    return;
                }
                if (!password.isEmpty())
                    parsed->setPassword(password);
                DatabaseConnection probe(*parsed, QStringLiteral("probe"));
                if (const QSqlError openError = probe.open(); openError.isValid()) {
                    window->showBanner(
                        MainWindow::tr("Cannot connect to %1: %2")
                            .arg(parsed->redacted(), DatabaseConnection::describe(openError)),
                        503);
                    return;
                }
                const Migrator::Result migration = Migrator::migrate(probe.database());
                if (!migration.ok) {
                    window->showBanner(migration.error, 503);
                    return;
                }
                next = *parsed;
                QCoreApplication::exit(0);
            });
        window->show();
        // One line for scripts and tests that wait for the console to be up.
        std::fputs(
            qPrintable(
                QStringLiteral("dispatch-console: console open on %1\n").arg(settings.redacted())),
            stdout);
        std::fflush(stdout);
        const int code = QApplication::exec();
        if (!next)
            return code;
        settings = *next;
        connectionLabel = settings.redacted();
        trainingDatabase = false;
        driverApiSettings.reset(); // the new database's login is the user's own
        listenSettings.reset(); // and its listener goes where its connection goes
    }
}
