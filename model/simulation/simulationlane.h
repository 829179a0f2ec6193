#pragma once

#include "db/connectionsettings.h"
#include "simulation/simulationtypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

// A barrier that lets go of all its parties at once, round after round, and gives up when
// the waiting lane is told to stop (std::barrier cannot be left by a thread that stops).
class StartGate
{
public:
    explicit StartGate(int parties)
        : m_parties(parties)
    { }
    // True when every party arrived; false when stop was requested while waiting.
    bool arriveAndWait(std::stop_token stop);

private:
    std::mutex m_mutex;
    std::condition_variable_any m_released;
    const int m_parties;
    int m_waiting = 0;
    quint64 m_generation = 0;
};

// What a lane is told to do next.
struct LaneCommand
{
    enum class Kind {
        Race, // per order: meet at the gate, then claim at once
        Offer, // per order: meet at the gate, wait the lane's reaction time, then claim
        Drain, // think, pick a ready order of the board, claim; until none is left
        Claim, // one claim: orders[0], or a picked order when that is 0
        Hold, // hold orders[0] for holdSeconds (a scenario's "lane 3 holds order 7")
    };
    Kind kind = Kind::Claim;
    std::shared_ptr<StartGate> gate;
    QList<qint64> orders;
    int firstRound = 0;
    int holdSeconds = 30;
};

// One simulated driver: its own thread, its own DatabaseConnection and OrderRepository
// (opened and removed on that thread), its own seeded random generator. It claims through
// OrderRepository::claim(…, ClaimSource::Simulation, actor) — the one claim path — or, only
// in a run configured for it, through the training-only VulnerableClaim.
//
// The object itself lives on the thread that created it (the run's). Its signals are
// emitted from the lane's thread and so reach receivers there queued. Commands are served
// in order. requestStop() makes the lane leave any wait (gate, think time, queue) at once;
// a claim already sent is finished first (milliseconds). The destructor joins the thread.
class SimulationLane : public QObject
{
    Q_OBJECT
public:
    struct Setup
    {
        int index = 0; // 0-based
        qint64 driverId = 0;
        QString driverName;
        QString actor; // "sim:<run>:lane-NN", recorded with every attempt and history row
        ConnectionSettings settings;
        SimulationConfig config;
        QList<qint64> board; // the order ids this run may pick from
        std::chrono::steady_clock::time_point epoch;
    };

    explicit SimulationLane(Setup setup, QObject *parent = nullptr);
    ~SimulationLane() override;

    void start();
    void post(LaneCommand command);
    void requestStop();
    void join();

    int index() const { return m_setup.index; }
    QString driverName() const { return m_setup.driverName; }
    qint64 driverId() const { return m_setup.driverId; }
    // Counted on the lane's thread as attempts are made; readable from any thread.
    qint64 attemptsMade() const { return m_attemptsMade.load(); }
    qint64 winsReported() const { return m_winsReported.load(); }

signals:
    void attemptMade(const SimulationAttempt &attempt);
    void commandFinished(int lane);
    void connectionFailed(int lane, const QString &reason);

private:
    class Worker;
    void main(std::stop_token stop);

    Setup m_setup;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<LaneCommand> m_commands;
    std::atomic<qint64> m_attemptsMade = 0;
    std::atomic<qint64> m_winsReported = 0;
    std::jthread m_thread;
};
