#pragma once

#include "db/connectionsettings.h"
#include "simulation/simulationtypes.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <chrono>
#include <memory>
#include <vector>

class DatabaseConnection;
class SimulationLane;

// The trainer's simulation: 2–64 lanes (SimulationLane), each a driver on its own thread
// and connection, racing for the orders of a fresh board.
//
// Lives on the thread that created it (the GUI's); all its functions are called there and
// all its signals are emitted there. Its own small work — the training flag, the drivers,
// the board reset, the consistency check — runs on that thread's own connection
// ("sim-control"), one short statement each.
//
// Every run, atomic or not, needs a training database (sql/007): its trainee drivers and
// practice orders are real rows, which on any other database would show on dispatchers'
// boards and in drivers' /available list. start() refuses anywhere else, writing nothing.
//
// start() takes the run's own trainees, resets the board and sets the lanes going; when
// every lane has finished the mode's work (race, drain, offer), the lanes are stopped, the
// database is counted and finished() is emitted. In Step mode the lanes wait for
// step()/race()/hold() until stop(). However a run ends — finished, stopped, a start that
// failed half-way, or this object destroyed — its trainees and its board are deactivated
// (SimulationBoard::retire) once the lanes are joined, before finished()/stopped().
// stop() leaves nothing behind: every lane thread joined, every lane connection removed.
class SimulationRun : public QObject
{
    Q_OBJECT
public:
    struct StopReport
    {
        int lanes = 0; // lane threads that were running
        qint64 elapsedMs = 0; // from the stop request to the last thread joined
        bool withinDeadline = true; // all of them within kStopDeadlineMs
    };
    static constexpr int kStopDeadlineMs = 1000;

    explicit SimulationRun(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~SimulationRun() override;

    // The composition root started this database itself (the embedded default), whose
    // owner marked it for training before the console connected (as a dispatch_trainer
    // login, which may not mark it). Only what the view says depends on it: start() runs
    // on a marked database and is refused on any other. Nothing is written before a run.
    void setEmbeddedDefault(bool embedded) { m_embeddedDefault = embedded; }
    bool isEmbeddedDefault() const { return m_embeddedDefault; }
    bool isTrainingDatabase(QString *error = nullptr);
    // What start() answers on a database not marked for training, and how to get one.
    static QString notTrainingDatabaseText();

    // False (and *error) for a bad configuration, an unreachable database, or a database
    // not marked for training (then nothing was written).
    bool start(const SimulationConfig &config, QString *error);
    StopReport stop();
    bool isRunning() const { return !m_lanes.empty(); }

    // Step mode (or a scenario script). lane is 0-based; order 0 lets the lane pick.
    bool step(int lane, qint64 orderId = 0);
    bool race(const QList<int> &lanes, qint64 orderId);
    bool hold(int lane, qint64 orderId, int seconds);
    // Runs a scenario's steps on timers, relative to now.
    void schedule(const QList<ScenarioStep> &steps);

    // Counts the run in the database now (also done after every run).
    SimulationConsistency checkConsistency();

    SimulationConfig config() const { return m_config; }
    QStringList laneNames() const { return m_laneNames; }
    QList<qint64> laneDrivers() const { return m_laneDrivers; }
    QList<qint64> board() const { return m_board; }
    QString actorPrefix() const { return m_actorPrefix; }
    const QList<SimulationAttempt> &attempts() const { return m_attempts; }
    const QList<LaneScore> &scores() const { return m_scores; }
    SimulationConsistency lastConsistency() const { return m_consistency; }

    // All attempts of the run, one line each, with a header (CsvWriter, formula guard).
    QByteArray attemptsCsv() const;
    // The same for any attempts and lane names (lane i is laneNames[i]); no database.
    static QByteArray attemptsCsv(const QList<SimulationAttempt> &attempts,
                                  const QStringList &laneNames);
    bool saveAttemptsCsv(const QString &path, QString *error) const;

signals:
    void started(const QStringList &laneNames);
    void attemptRecorded(const SimulationAttempt &attempt);
    void laneFailed(int lane, const QString &reason);
    // The run ended but its trainees or board could not be deactivated (the database went
    // away): tried again when the next run starts or ends, or this object is destroyed.
    void retireFailed(const QString &reason);
    void finished(const SimulationConsistency &consistency);
    void stopped(const SimulationRun::StopReport &report);

private:
    QString openControl();
    // start() in its phases: the trainees and board (prepare), the counters, the lanes'
    // threads (spawnLanes), and what they are told to do (program).
    QString prepare(const SimulationConfig &config);
    void resetTallies(const SimulationConfig &config);
    void spawnLanes(const SimulationConfig &config);
    void program(const SimulationConfig &config);
    void record(const SimulationAttempt &attempt);
    void retire();
    void laneFinishedCommand();
    void finishRun();
    StopReport stopLanes();

    ConnectionSettings m_settings;
    std::unique_ptr<DatabaseConnection> m_control;
    std::vector<std::unique_ptr<SimulationLane>> m_lanes;
    SimulationConfig m_config;
    QStringList m_laneNames;
    QList<qint64> m_laneDrivers;
    QList<qint64> m_board;
    QList<qint64> m_retireDrivers; // taken by a run that has not been retired yet
    QList<qint64> m_retireOrders;
    QString m_actorPrefix;
    QList<SimulationAttempt> m_attempts;
    QList<LaneScore> m_scores;
    SimulationConsistency m_consistency;
    std::chrono::steady_clock::time_point m_epoch;
    qint64 m_attemptsMadeBefore = 0; // by lanes already stopped in this run
    qint64 m_winsReportedBefore = 0;
    int m_busyLanes = 0;
    int m_nextRound = 0;
    quint64 m_serial = 0; // drops late signals of an earlier run
    bool m_programmed = false;
    bool m_embeddedDefault = false;
};

Q_DECLARE_METATYPE(SimulationRun::StopReport)
