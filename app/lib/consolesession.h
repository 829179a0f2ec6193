#pragma once

#include "db/connectionsettings.h"

#include <QString>
#include <memory>
#include <optional>

class AssignedOrdersModel;
class AssignmentService;
class DriversModel;
class MainWindow;
class OrderChangeListener;
class OutcomeLogModel;
class ReadyOrdersModel;
class InDeliveryModel;
class LateOrderWatch;
class SimulationView;

// One console on one database: the GUI thread's connection, the board, driver, assigned
// and log models, the claim worker, the change listener and the window with its workspaces
// (the trainer's Simulation tab is made here and handed to the window), wired together.
// Destroyed (and rebuilt) when the dispatcher connects to another database. Tests build
// their consoles with it, so a test's console is the one main() runs.
class ConsoleSession
{
public:
    struct Options
    {
        ConnectionSettings settings;
        QString connectionLabel;
        // The embedded default: marked for training by the first simulation Start.
        bool trainingDatabase = false;
        // The GUI connection's name and the actor in the claims' history
        // ("console:<user>@<host>" when empty). Two sessions in one process need two names.
        QString name = QStringLiteral("gui");
        QString actor;
        bool listen = true; // false: no change listener, the window polls every second
        // The login the menu's driver API uses (the embedded default's dispatch_api, a
        // dispatch_driver login); empty: the console's own settings.
        std::optional<ConnectionSettings> driverApiSettings;
        // Where the change listener connects (--listen-database); empty: settings. It needs
        // a server session of its own: past a transaction pooler, straight to the server.
        std::optional<ConnectionSettings> listenSettings;
    };

    // Options for one more console in this process (a test's): connection, label and actor
    // ("console:<name>") named `name`; live, not a training database.
    static Options named(const ConnectionSettings &settings, const QString &name);

    explicit ConsoleSession(const Options &options);
    ConsoleSession(const ConnectionSettings &settings, const QString &connectionLabel,
                   bool trainingDatabase,
                   std::optional<ConnectionSettings> driverApiSettings = std::nullopt,
                   std::optional<ConnectionSettings> listenSettings = std::nullopt);
    ~ConsoleSession();

    MainWindow *window() const;
    ReadyOrdersModel *board() const;
    DriversModel *drivers() const;
    AssignedOrdersModel *assigned() const;
    OutcomeLogModel *log() const;
    AssignmentService *assignments() const;
    OrderChangeListener *listener() const; // null when Options::listen is false
    SimulationView *simulation() const;
    InDeliveryModel *inDelivery() const;
    LateOrderWatch *lateOrders() const;

private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

// Runs the console until the window closes, switching databases when asked.
// driverApiSettings: the login of the menu's driver API (empty: settings); listenSettings:
// where the change listener connects (empty: settings). Both are dropped on a switch.
int runConsoleWindow(ConnectionSettings settings, QString connectionLabel, bool trainingDatabase,
                     std::optional<ConnectionSettings> driverApiSettings = std::nullopt,
                     std::optional<ConnectionSettings> listenSettings = std::nullopt);
