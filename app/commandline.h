#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// What the user asked for on the command line, validated. Parsing needs no QApplication,
// so the program can decide between a headless and a GUI application afterwards.
struct CommandLine
{
    enum class Action { OpenConsole, MigrateOnly, ShowHelp, ShowVersion };

    Action action = Action::OpenConsole;
    QString databaseUrl;     // empty: embedded default (or PG* variables, see usesEnvironment)
    bool usesEnvironment = false; // PGHOST / PGDATABASE / PGSERVICE point at a real server
    QString dataDir;
    int demoOrders = -1;     // -1: not asked
    QString helpText;

    // On bad input: nullopt and one line in *error (no password in it).
    static std::optional<CommandLine> parse(const QStringList &arguments, QString *error);
};
