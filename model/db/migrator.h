#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Applies the migrations compiled into the binary (sql/NNN_name.sql, in :/sql) in order,
// all in one transaction under an advisory lock, so two consoles starting together on an
// empty database end with one schema. Re-running is a no-op. A database whose schema is
// newer than this binary is refused, untouched.
class Migrator
{
public:
    struct Migration
    {
        int version = 0;
        QString name; // "003_add_driver_assignment_constraints"
        QString resource; // ":/sql/003_….sql"
    };

    struct Result
    {
        bool ok = false;
        int fromVersion = 0;
        int toVersion = 0;
        QStringList applied; // names, in order
        QString error; // one line for a person; empty when ok
    };

    static QList<Migration> bundled();
    static int latestVersion();

    // Runs on db's thread; db must be open. upToVersion >= 0 stops after that version (an
    // upgrade test makes a database as an older build left it).
    static Result migrate(QSqlDatabase db, int upToVersion = -1);
    // The version recorded in db (0 for an empty database), or -1 if it cannot be read.
    static int currentVersion(QSqlDatabase db);
};
