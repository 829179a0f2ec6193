#pragma once

#include "db/connectionsettings.h"
#include "simulation/simulationtypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;
class SimulationLaneTableModel;
class SimulationRun;
class SimulationSparkline;
class TimelineWidget;

// The trainer's view: simulated drivers racing side by side.
//
// Settings (lanes, mode, pick, claim method, orders/rounds, think time and jitter, seed),
// Start/Stop/Step, a lane grid (driver, last outcome in green or red with its code, wins,
// conflicts), the timeline, a scoreboard (per lane and overall: wins, conflicts, others,
// p50/p95/p99 round trip), the 409 rate over time and the consistency badge counted from
// the database after every run. Scenarios load from JSON (built-in ones from
// :/scenarios); a run's attempts save as CSV, the timeline as PNG.
//
// Every run needs a training database (SimulationRun): a note at the top says whether this
// is one, and if not, how to get one. embeddedDefault: the composition root started this
// database itself and its owner marked it for training before the console connected (no
// extra step for a trainer); any other database's owner must opt in (sql/007), a trainer
// login cannot (sql/018). Nothing is read or written while the view is
// built: the flag is read when the tab is shown, and before a scenario or a run needs it.
// No SQL here: everything goes through SimulationRun.
class SimulationView : public QWidget
{
    Q_OBJECT
public:
    SimulationView(const ConnectionSettings &settings, bool embeddedDefault,
                   QWidget *parent = nullptr);
    ~SimulationView() override;

    SimulationConfig config() const;
    void setConfig(const SimulationConfig &config);
    bool start();
    void stop();
    bool loadScenario(const QString &path);

    SimulationRun *run() const { return m_run; }
    TimelineWidget *timeline() const { return m_timeline; }
    QString statusText() const;
    QString consistencyText() const;
    QString trainingNoteText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showTrainingState();
    void buildControls();
    void updateModeControls();
    void refresh();
    void scheduleRefresh();
    void showConsistency(const SimulationConsistency &consistency);
    void showStatus(const QString &text, bool problem = false);
    void stepSelectedLane();
    void saveCsv();
    void exportPng();
    void chooseScenario();
    void setRunning(bool running);

    SimulationRun *m_run = nullptr;
    bool m_training = false;
    QList<ScenarioStep> m_scenarioSteps;

    QSpinBox *m_lanes = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_pick = nullptr;
    QComboBox *m_method = nullptr;
    QSpinBox *m_orders = nullptr;
    QSpinBox *m_rounds = nullptr;
    QSpinBox *m_think = nullptr;
    QSpinBox *m_jitter = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_scenarios = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_step = nullptr;
    QPushButton *m_csv = nullptr;
    QPushButton *m_png = nullptr;
    QTableView *m_laneGrid = nullptr;
    QTableView *m_scoreboard = nullptr;
    SimulationLaneTableModel *m_laneModel = nullptr; // rows of both (simulationview.cpp)
    SimulationLaneTableModel *m_scoreModel = nullptr;
    TimelineWidget *m_timeline = nullptr;
    SimulationSparkline *m_sparkline = nullptr;
    QLabel *m_trainingNote = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_refreshTimer = nullptr;
};
