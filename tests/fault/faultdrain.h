#pragma once

#include "db/connectionsettings.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// A drain for fault tests: `lanes` simulated drivers, each a thread with its own
// DatabaseConnection and OrderRepository (the one claim path, source "simulation"), pick
// ready orders of a board and claim them until none is left, riding out lost connections
// and server restarts (retry every 50 ms, bounded by a deadline). Each lane keeps what it
// was told — wins, unknown results — so the test can hold that against the database.
class FaultDrain
{
public:
    using Clock = std::chrono::steady_clock;

    struct Lane
    {
        qint64 driverId = 0;
        QString actor;
        QList<qint64> wins; // orders the repository reported ASSIGNED
        int attempts = 0; // answered claims (each leaves one claim_attempts row)
        int unknown = 0; // RESULT_UNKNOWN
        int unavailable = 0; // DATABASE_UNAVAILABLE (nothing sent or nothing changed)
        int settled = 0; // answers recovered by re-reading after a lost answer
        QList<Clock::time_point> successes; // each answered claim or pick
    };

    FaultDrain(ConnectionSettings settings, QList<qint64> drivers, QString actorPrefix,
               std::chrono::seconds deadline);
    ~FaultDrain();

    void start();
    void join();
    bool finished() const { return m_running.load() == 0; }

    const std::vector<std::unique_ptr<Lane>> &lanes() const { return m_lanes; }
    qint64 winsReported() const;
    int unknownResults() const;
    int settledResults() const;
    // The first success of each lane after `since`, as seconds; lanes with none are left out.
    QList<double> secondsToFirstSuccessAfter(Clock::time_point since) const;

    // The board: `count` fresh ready orders. Returns their ids.
    static QList<qint64> addBoard(QSqlDatabase db, int count);
    static QList<qint64> addDrivers(QSqlDatabase db, int count, const QString &prefix);

private:
    void runLane(Lane &lane, int index);

    ConnectionSettings m_settings;
    QString m_actorPrefix;
    std::chrono::seconds m_deadline;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::vector<std::thread> m_threads;
    std::atomic<int> m_running = 0;
    mutable std::mutex m_mutex; // guards Lane::successes while running
};

// What the database says about a board after a drain.
struct DrainInvariants
{
    qint64 ordersAssigned = 0; // board orders now held by a driver
    qint64 assignmentEvents = 0; // order_history rows that gave a board order a driver
    qint64 ordersAssignedTwice = 0; // board orders with more than one such row
    qint64 assignedAttempts = 0; // claim_attempts rows with outcome ASSIGNED on the board
    qint64 stillReady = 0;
    QString error;

    static DrainInvariants read(QSqlDatabase db, const QList<qint64> &board);
    // Each reported win (order → driver) must be what the database holds.
    static QStringList winsNotInDatabase(QSqlDatabase db, const FaultDrain &drain);
};
