#include "consolesession.h"

#include "assignedordersmodel.h"
#include "assignmentservice.h"
#include "databaseconnection.h"
#include "driversmodel.h"
#include "mainwindow.h"
#include "migrator.h"
#include "orderchangelistener.h"
#include "outcomelogmodel.h"
#include "readyordersmodel.h"

#include <QApplication>
#include <QIcon>
#include <QSysInfo>

#include <cstdio>
#include <optional>

struct ConsoleSession::Parts
{
    explicit Parts(const ConnectionSettings &settings)
        : connection(settings, QStringLiteral("gui"))
    {}
    DatabaseConnection connection;
    std::unique_ptr<ReadyOrdersModel> board;
    std::unique_ptr<DriversModel> drivers;
    std::unique_ptr<AssignedOrdersModel> assigned;
    std::unique_ptr<OutcomeLogModel> log;
    std::unique_ptr<AssignmentService> assignments;
    std::unique_ptr<OrderChangeListener> listener;
    std::unique_ptr<MainWindow> window;
};

ConsoleSession::ConsoleSession(const ConnectionSettings &settings, const QString &connectionLabel,
                               bool trainingDatabase)
    : m_parts(std::make_unique<Parts>(settings))
{
    Q_UNUSED(trainingDatabase) // the trainer's simulation tab uses it
    m_parts->connection.open();
    const QSqlDatabase db = m_parts->connection.database();
    m_parts->board = std::make_unique<ReadyOrdersModel>(db);
    m_parts->drivers = std::make_unique<DriversModel>(db);
    m_parts->assigned = std::make_unique<AssignedOrdersModel>(db);
    m_parts->log = std::make_unique<OutcomeLogModel>();
    const QString actor = QStringLiteral("console:%1@%2")
                              .arg(qEnvironmentVariable("USER", QStringLiteral("dispatcher")),
                                   QSysInfo::machineHostName());
    m_parts->assignments = std::make_unique<AssignmentService>(settings, actor);
    m_parts->listener = std::make_unique<OrderChangeListener>(settings);

    MainWindow::Parts parts;
    parts.board = m_parts->board.get();
    parts.drivers = m_parts->drivers.get();
    parts.assigned = m_parts->assigned.get();
    parts.log = m_parts->log.get();
    parts.assignments = m_parts->assignments.get();
    parts.listener = m_parts->listener.get();
    parts.connectionLabel = connectionLabel;
    m_parts->window = std::make_unique<MainWindow>(parts);
}

ConsoleSession::~ConsoleSession()
{
    // The window first (it uses the models), the connection last.
    m_parts->window.reset();
    m_parts->listener.reset();
    m_parts->assignments.reset();
    m_parts->assigned.reset();
    m_parts->drivers.reset();
    m_parts->board.reset();
}

MainWindow *ConsoleSession::window() const
{
    return m_parts->window.get();
}

int runConsoleWindow(ConnectionSettings settings, QString connectionLabel, bool trainingDatabase)
{
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/dispatch-console-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    for (;;) {
        std::optional<ConnectionSettings> next;
        ConsoleSession session(settings, connectionLabel, trainingDatabase);
        MainWindow *window = session.window();
        QObject::connect(window, &MainWindow::connectRequested, window,
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
        std::fputs(qPrintable(QStringLiteral("dispatch-console: console open on %1\n")
                                  .arg(settings.redacted())),
                   stdout);
        std::fflush(stdout);
        const int code = QApplication::exec();
        if (!next)
            return code;
        settings = *next;
        connectionLabel = settings.redacted();
        trainingDatabase = false;
    }
}
