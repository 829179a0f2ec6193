#pragma once

#include "db/connectionsettings.h"

#include <QString>
#include <memory>

class MainWindow;

// One console on one database: the GUI thread's connection, the board, driver, assigned
// and log models, the claim worker, the change listener and the window, wired together.
// Destroyed (and rebuilt) when the dispatcher connects to another database.
class ConsoleSession
{
public:
    ConsoleSession(const ConnectionSettings &settings, const QString &connectionLabel,
                   bool trainingDatabase);
    ~ConsoleSession();

    MainWindow *window() const;

private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

// Runs the console until the window closes, switching databases when asked.
int runConsoleWindow(ConnectionSettings settings, QString connectionLabel, bool trainingDatabase);
