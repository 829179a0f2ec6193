#include "simulation/simulationview.h"

#include "common/outcomepalette.h"
#include "simulation/simulationrun.h"
#include "simulation/simulationscenario.h"
#include "simulation/simulationsparkline.h"
#include "simulation/timelinewidget.h"

#include <QAbstractTableModel>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

enum class LaneColumn { Lane, Driver, LastOutcome, Wins, Conflicts, Others, Count };
enum class ScoreColumn { Lane, Wins, Conflicts, Others, P50, P95, P99, Count };

QString milliseconds(qint64 us)
{
    return QString::number(double(us) / 1000.0, 'f', 2);
}

QString outcomeText(const SimulationAttempt &attempt)
{
    ClaimOutcome outcome;
    outcome.code = attempt.code;
    if (attempt.kind != SimulationAttempt::Kind::Claim) // a hold or a delivery step
        return QStringLiteral("%1 #%2").arg(outcome.codeName()).arg(attempt.orderId);
    if (attempt.isWin())
        return QStringLiteral("200 %1 #%2").arg(outcome.codeName()).arg(attempt.orderId);
    QString text = QStringLiteral("%1 %2 #%3")
                       .arg(attempt.httpStatus)
                       .arg(outcome.codeName())
                       .arg(attempt.orderId);
    if (attempt.holderId > 0)
        text += QStringLiteral(" (driver %1)").arg(attempt.holderId);
    return text;
}

} // namespace

// One row per lane (and, on the scoreboard, the "All lanes" row in bold): the lane grid and
// the scoreboard are two column sets over the same rows. Rows are updated in place while a
// run goes on, so the selected lane (Step lane) stays selected.
class SimulationLaneTableModel : public QAbstractTableModel
{
public:
    enum class Kind { Grid, Scoreboard };
    struct Row
    {
        QString lane;
        QString driver;
        std::optional<SimulationAttempt> last;
        LaneScore score;
        bool total = false;
    };

    SimulationLaneTableModel(Kind kind, QObject *parent)
        : QAbstractTableModel(parent)
        , m_kind(kind)
    { }

    void setRows(const QList<Row> &rows)
    {
        if (rows.size() != m_rows.size()) {
            beginResetModel();
            m_rows = rows;
            endResetModel();
            return;
        }
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
    const QList<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        if (parent.isValid())
            return 0;
        return m_kind == Kind::Grid ? int(LaneColumn::Count) : int(ScoreColumn::Count);
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return QAbstractTableModel::headerData(section, orientation, role);
        const QStringList headers = m_kind == Kind::Grid
            ? QStringList { SimulationView::tr("Lane"),         SimulationView::tr("Driver"),
                            SimulationView::tr("Last outcome"), SimulationView::tr("Wins"),
                            SimulationView::tr("409s"),         SimulationView::tr("Other") }
            : QStringList { SimulationView::tr("Lane"),      SimulationView::tr("Wins"),
                            SimulationView::tr("Conflicts"), SimulationView::tr("Others"),
                            SimulationView::tr("p50 ms"),    SimulationView::tr("p95 ms"),
                            SimulationView::tr("p99 ms") };
        return headers.value(section);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size())
            return {};
        const Row &row = m_rows.at(index.row());
        return m_kind == Kind::Grid ? gridData(row, LaneColumn(index.column()), role)
                                    : scoreData(row, ScoreColumn(index.column()), role);
    }

private:
    static QVariant number(qint64 value, int role)
    {
        if (role == Qt::DisplayRole)
            return QString::number(value);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }

    static QVariant gridData(const Row &row, LaneColumn column, int role)
    {
        switch (column) {
        case LaneColumn::Lane:
            return role == Qt::DisplayRole ? row.lane : QVariant();
        case LaneColumn::Driver:
            return role == Qt::DisplayRole ? row.driver : QVariant();
        case LaneColumn::LastOutcome: {
            if (!row.last)
                return role == Qt::DisplayRole ? SimulationView::tr("waiting") : QVariant();
            if (role == Qt::DisplayRole)
                return outcomeText(*row.last);
            if (role == Qt::BackgroundRole)
                return QBrush(OutcomePalette::background(row.last->httpStatus));
            if (role == Qt::ForegroundRole)
                return QBrush(OutcomePalette::text(row.last->httpStatus));
            return {};
        }
        case LaneColumn::Wins:
            return number(row.score.wins, role);
        case LaneColumn::Conflicts:
            return number(row.score.conflicts, role);
        case LaneColumn::Others:
            return number(row.score.others, role);
        case LaneColumn::Count:
            break;
        }
        return {};
    }

    static QVariant scoreData(const Row &row, ScoreColumn column, int role)
    {
        if (role == Qt::FontRole && row.total) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        const auto percentile = [&](int p) -> QVariant {
            if (role == Qt::DisplayRole)
                return milliseconds(SimulationStats::percentile(row.score.roundTripsUs, p));
            if (role == Qt::TextAlignmentRole)
                return int(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        };
        switch (column) {
        case ScoreColumn::Lane:
            return role == Qt::DisplayRole ? row.lane : QVariant();
        case ScoreColumn::Wins:
            return number(row.score.wins, role);
        case ScoreColumn::Conflicts:
            return number(row.score.conflicts, role);
        case ScoreColumn::Others:
            return number(row.score.others, role);
        case ScoreColumn::P50:
            return percentile(50);
        case ScoreColumn::P95:
            return percentile(95);
        case ScoreColumn::P99:
            return percentile(99);
        case ScoreColumn::Count:
            break;
        }
        return {};
    }

    Kind m_kind;
    QList<Row> m_rows;
};

SimulationView::SimulationView(const ConnectionSettings &settings, bool embeddedDefault,
                               QWidget *parent)
    : QWidget(parent)
    , m_run(new SimulationRun(settings, this))
{
    m_run->setEmbeddedDefault(embeddedDefault);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(50);
    connect(m_refreshTimer, &QTimer::timeout, this, &SimulationView::refresh);

    buildControls();

    connect(m_run, &SimulationRun::started, this, [this](const QStringList &names) {
        // The grid: lane number and driver; the scoreboard: the driver, then "All lanes".
        QList<SimulationLaneTableModel::Row> grid(names.size());
        QList<SimulationLaneTableModel::Row> board(names.size() + 1);
        for (int i = 0; i < names.size(); ++i) {
            grid[i].lane = QString::number(i + 1);
            grid[i].driver = board[i].lane = names.at(i);
        }
        board.last().lane = tr("All lanes");
        board.last().total = true;
        m_laneModel->setRows(grid);
        m_scoreModel->setRows(board);
        m_timeline->setLanes(names);
        m_timeline->clear();
        showConsistency({}); // counted again when this run ends
        setRunning(true);
        refresh();
    });
    connect(m_run, &SimulationRun::attemptRecorded, this, &SimulationView::scheduleRefresh);
    connect(m_run, &SimulationRun::laneFailed, this, [this](int lane, const QString &reason) {
        showStatus(tr("Lane %1 has no connection: %2").arg(lane + 1).arg(reason), true);
    });
    connect(m_run, &SimulationRun::retireFailed, this, [this](const QString &reason) {
        showStatus(tr("The run's trainee drivers and practice orders are still active (%1). "
                      "They are taken off again when the next run starts or ends.")
                       .arg(reason),
                   true);
    });
    connect(m_run, &SimulationRun::finished, this, [this](const SimulationConsistency &result) {
        refresh();
        showConsistency(result);
        setRunning(m_run->isRunning());
        m_timeline->fit();
    });
    connect(m_run, &SimulationRun::stopped, this, [this](const SimulationRun::StopReport &report) {
        setRunning(false);
        if (report.lanes > 0)
            showStatus(tr("Stopped %1 lanes in %2 ms.").arg(report.lanes).arg(report.elapsedMs),
                       !report.withinDeadline);
    });
    setRunning(false);
}

SimulationView::~SimulationView() = default;

void SimulationView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    showTrainingState();
}

// Reads the flag (one short SELECT) and says what it means for the trainer.
void SimulationView::showTrainingState()
{
    QString error;
    const bool marked = m_run->isTrainingDatabase(&error);
    // The embedded default was marked by the console's setup, as the database's owner.
    m_training = marked;
    m_method->setItemData(1, m_training ? QVariant() : QVariant(0), Qt::UserRole - 1);
    m_method->setItemText(1,
                          m_training ? tr("Old SELECT-then-UPDATE (the bug, training only)")
                                     : tr("Old SELECT-then-UPDATE (needs a training database)"));
    bool problem = false;
    if (marked) {
        m_trainingNote->setText(tr("Training database: each run adds its own trainee drivers "
                                   "and practice orders (Trainer kitchen) and takes them off "
                                   "the boards when it ends."));
    } else if (!error.isEmpty()) {
        m_trainingNote->setText(
            tr("Runs are refused until the training flag can be read (%1).").arg(error));
        problem = true;
    } else {
        m_trainingNote->setText(SimulationRun::notTrainingDatabaseText());
        problem = true;
    }
    m_trainingNote->setStyleSheet(problem ? QStringLiteral("QLabel { color: #b91c1c; }")
                                          : QString());
}

void SimulationView::buildControls()
{
    auto *settingsBox = new QGroupBox(tr("Scenario"), this);
    auto *form = new QGridLayout(settingsBox);

    m_lanes = new QSpinBox(settingsBox);
    m_lanes->setRange(SimulationConfig::kMinLanes, SimulationConfig::kMaxLanes);
    m_lanes->setValue(16);
    m_mode = new QComboBox(settingsBox);
    for (auto mode : { SimulationConfig::Mode::RaceOneOrder, SimulationConfig::Mode::DrainBoard,
                       SimulationConfig::Mode::BroadcastOffer, SimulationConfig::Mode::Step })
        m_mode->addItem(SimulationConfig::modeName(mode), int(mode));
    m_pick = new QComboBox(settingsBox);
    m_pick->addItem(tr("Random"), int(SimulationConfig::Pick::Random));
    m_pick->addItem(tr("Oldest first"), int(SimulationConfig::Pick::OldestFirst));
    m_method = new QComboBox(settingsBox);
    m_method->addItem(tr("Atomic claim (the fix)"), int(SimulationConfig::ClaimMethod::Atomic));
    // Disabled by showTrainingState() where it cannot run.
    m_method->addItem(tr("Old SELECT-then-UPDATE (the bug, training only)"),
                      int(SimulationConfig::ClaimMethod::VulnerableTraining));
    m_orders = new QSpinBox(settingsBox);
    m_orders->setRange(1, 100000);
    m_orders->setValue(50);
    m_rounds = new QSpinBox(settingsBox);
    m_rounds->setRange(1, 10000);
    m_rounds->setValue(1);
    m_think = new QSpinBox(settingsBox);
    m_think->setRange(0, 60000);
    m_think->setSuffix(tr(" ms"));
    m_jitter = new QSpinBox(settingsBox);
    m_jitter->setRange(0, 60000);
    m_jitter->setSuffix(tr(" ms"));
    m_seed = new QSpinBox(settingsBox);
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(1);
    m_scenarios = new QComboBox(settingsBox);
    m_scenarios->addItem(tr("Ready-made scenarios…"));
    const QDir builtIn(QStringLiteral(":/scenarios"));
    for (const QFileInfo &file : builtIn.entryInfoList({ QStringLiteral("*.json") }, QDir::Files))
        m_scenarios->addItem(file.baseName(), file.filePath());
    m_scenarios->addItem(tr("Open a file…"), QStringLiteral("open"));

    const auto label = [settingsBox](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, settingsBox);
        l->setBuddy(buddy);
        return l;
    };
    form->addWidget(label(tr("&Lanes"), m_lanes), 0, 0);
    form->addWidget(m_lanes, 0, 1);
    form->addWidget(label(tr("&Mode"), m_mode), 0, 2);
    form->addWidget(m_mode, 0, 3);
    form->addWidget(label(tr("&Pick"), m_pick), 0, 4);
    form->addWidget(m_pick, 0, 5);
    form->addWidget(label(tr("&Claim"), m_method), 0, 6);
    form->addWidget(m_method, 0, 7, 1, 3);
    form->addWidget(label(tr("&Orders"), m_orders), 1, 0);
    form->addWidget(m_orders, 1, 1);
    form->addWidget(label(tr("&Rounds"), m_rounds), 1, 2);
    form->addWidget(m_rounds, 1, 3);
    form->addWidget(label(tr("&Think"), m_think), 1, 4);
    form->addWidget(m_think, 1, 5);
    form->addWidget(label(tr("&Jitter ±"), m_jitter), 1, 6);
    form->addWidget(m_jitter, 1, 7);
    form->addWidget(label(tr("S&eed"), m_seed), 1, 8);
    form->addWidget(m_seed, 1, 9);
    form->addWidget(m_scenarios, 2, 0, 1, 4);

    m_start = new QPushButton(tr("&Start"), settingsBox);
    m_start->setDefault(true);
    m_stop = new QPushButton(tr("S&top"), settingsBox);
    m_step = new QPushButton(tr("Step &lane"), settingsBox);
    m_step->setToolTip(
        tr("Fire the lane selected in the grid (double-click a lane does the same)."));
    m_csv = new QPushButton(tr("Save attempts as CSV…"), settingsBox);
    m_png = new QPushButton(tr("Export timeline PNG…"), settingsBox);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : { m_start, m_stop, m_step, m_csv, m_png })
        buttons->addWidget(button);
    buttons->addStretch();
    form->addLayout(buttons, 2, 4, 1, 6);

    m_laneGrid = new QTableView(this);
    m_laneModel = new SimulationLaneTableModel(SimulationLaneTableModel::Kind::Grid, m_laneGrid);
    m_laneGrid->setModel(m_laneModel);
    m_scoreboard = new QTableView(this);
    m_scoreModel
        = new SimulationLaneTableModel(SimulationLaneTableModel::Kind::Scoreboard, m_scoreboard);
    m_scoreboard->setModel(m_scoreModel);
    for (QTableView *table : { m_laneGrid, m_scoreboard }) {
        table->verticalHeader()->hide();
        table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
    m_laneGrid->horizontalHeader()->setSectionResizeMode(int(LaneColumn::LastOutcome),
                                                         QHeaderView::Stretch);
    m_scoreboard->horizontalHeader()->setStretchLastSection(true);
    m_laneGrid->setAccessibleName(tr("Lanes"));
    m_scoreboard->setAccessibleName(tr("Scoreboard"));

    m_timeline = new TimelineWidget(this);
    m_timeline->setAccessibleName(tr("Timeline of claims"));
    m_sparkline = new SimulationSparkline(this);
    m_badge = new QLabel(this);
    m_badge->setWordWrap(true);
    m_badge->setMinimumHeight(fontMetrics().lineSpacing() * 3 + 12);
    m_badge->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto *scorePanel = new QWidget(this);
    auto *scoreLayout = new QVBoxLayout(scorePanel);
    scoreLayout->setContentsMargins(0, 0, 0, 0);
    scoreLayout->addWidget(m_scoreboard, 1);
    scoreLayout->addWidget(m_sparkline);
    scoreLayout->addWidget(m_badge);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_laneGrid);
    bottom->addWidget(scorePanel);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *middle = new QSplitter(Qt::Vertical, this);
    middle->addWidget(m_timeline);
    middle->addWidget(bottom);
    middle->setStretchFactor(0, 3);
    middle->setStretchFactor(1, 2);

    m_trainingNote = new QLabel(this);
    m_trainingNote->setWordWrap(true);
    m_trainingNote->setTextInteractionFlags(Qt::TextSelectableByMouse); // the UPDATE to copy
    m_trainingNote->setAccessibleName(tr("Training database"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_trainingNote);
    layout->addWidget(settingsBox);
    layout->addWidget(middle, 1);
    layout->addWidget(m_status);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &SimulationView::updateModeControls);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &SimulationView::stop);
    connect(m_step, &QPushButton::clicked, this, &SimulationView::stepSelectedLane);
    connect(m_laneGrid, &QTableView::doubleClicked, this, &SimulationView::stepSelectedLane);
    connect(m_csv, &QPushButton::clicked, this, &SimulationView::saveCsv);
    connect(m_png, &QPushButton::clicked, this, &SimulationView::exportPng);
    connect(m_scenarios, &QComboBox::activated, this, &SimulationView::chooseScenario);
    updateModeControls();
    showConsistency({});
}

void SimulationView::updateModeControls()
{
    const auto mode = SimulationConfig::Mode(m_mode->currentData().toInt());
    const bool perRound = mode == SimulationConfig::Mode::RaceOneOrder
        || mode == SimulationConfig::Mode::BroadcastOffer;
    m_rounds->setEnabled(perRound);
    m_orders->setEnabled(!perRound);
    m_pick->setEnabled(mode == SimulationConfig::Mode::DrainBoard
                       || mode == SimulationConfig::Mode::Step);
    m_think->setEnabled(mode == SimulationConfig::Mode::DrainBoard
                        || mode == SimulationConfig::Mode::BroadcastOffer);
    m_jitter->setEnabled(m_think->isEnabled());
}

SimulationConfig SimulationView::config() const
{
    SimulationConfig config;
    config.lanes = m_lanes->value();
    config.mode = SimulationConfig::Mode(m_mode->currentData().toInt());
    config.pick = SimulationConfig::Pick(m_pick->currentData().toInt());
    config.method = SimulationConfig::ClaimMethod(m_method->currentData().toInt());
    config.orders = m_orders->value();
    config.rounds = m_rounds->value();
    config.thinkMs = m_think->value();
    config.jitterMs = m_jitter->value();
    config.seed = quint32(m_seed->value());
    return config;
}

void SimulationView::setConfig(const SimulationConfig &config)
{
    m_lanes->setValue(config.lanes);
    m_mode->setCurrentIndex(m_mode->findData(int(config.mode)));
    m_pick->setCurrentIndex(m_pick->findData(int(config.pick)));
    m_method->setCurrentIndex(m_method->findData(int(config.method)));
    m_orders->setValue(config.orders);
    m_rounds->setValue(config.rounds);
    m_think->setValue(config.thinkMs);
    m_jitter->setValue(config.jitterMs);
    m_seed->setValue(int(std::min<quint32>(config.seed, 2147483647u)));
    updateModeControls();
}

bool SimulationView::start()
{
    const SimulationConfig wanted = config();
    showConsistency({});
    showStatus(tr("Resetting the board and starting %1 lanes…").arg(wanted.lanes));
    QString error;
    const bool started = m_run->start(wanted, &error);
    showTrainingState(); // the owner may have changed the flag meanwhile
    if (!started) {
        showStatus(tr("Could not start: %1").arg(error), true);
        setRunning(false);
        return false;
    }
    if (wanted.mode == SimulationConfig::Mode::Step && !m_scenarioSteps.isEmpty())
        m_run->schedule(m_scenarioSteps);
    showStatus(tr("%1 with %2 lanes (%3), seed %4, fresh board: %5 order(s).")
                   .arg(SimulationConfig::modeName(wanted.mode))
                   .arg(wanted.lanes)
                   .arg(wanted.method == SimulationConfig::ClaimMethod::Atomic
                            ? tr("atomic claim")
                            : tr("the OLD SELECT-then-UPDATE"))
                   .arg(wanted.seed)
                   .arg(m_run->board().size()));
    return true;
}

void SimulationView::stop()
{
    m_run->stop();
}

void SimulationView::setRunning(bool running)
{
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_step->setEnabled(running && m_run->config().mode == SimulationConfig::Mode::Step);
    for (QWidget *w :
         std::initializer_list<QWidget *> { m_lanes, m_mode, m_method, m_seed, m_scenarios })
        w->setEnabled(!running);
    if (!running)
        updateModeControls();
}

void SimulationView::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void SimulationView::refresh()
{
    const QList<SimulationAttempt> &attempts = m_run->attempts();
    const QList<LaneScore> &scores = m_run->scores();
    const int lanes = int(scores.size());
    if (m_laneModel->rowCount() != lanes || m_scoreModel->rowCount() != lanes + 1)
        return; // a run is being set up (or none has started)

    QList<SimulationLaneTableModel::Row> grid = m_laneModel->rows();
    QList<SimulationLaneTableModel::Row> board = m_scoreModel->rows();
    for (const SimulationAttempt &attempt : attempts) {
        if (attempt.lane < lanes)
            grid[attempt.lane].last = attempt;
    }
    LaneScore all;
    for (int lane = 0; lane < lanes; ++lane) {
        const LaneScore &score = scores.at(lane);
        grid[lane].score = score;
        board[lane].score = score;
        all.wins += score.wins;
        all.conflicts += score.conflicts;
        all.others += score.others;
        all.roundTripsUs += score.roundTripsUs;
    }
    board[lanes].score = all;
    m_laneModel->setRows(grid);
    m_scoreModel->setRows(board);

    m_timeline->setAttempts(attempts);
    m_sparkline->setAttempts(attempts);
}

void SimulationView::showConsistency(const SimulationConsistency &consistency)
{
    if (!consistency.checked && consistency.error.isEmpty()) {
        m_badge->setText(tr("Consistency: counted from the database after the run."));
        m_badge->setStyleSheet(QString());
        return;
    }
    const bool pass = consistency.passed();
    m_badge->setText(tr("Consistency %1").arg(consistency.summary()));
    m_badge->setStyleSheet(pass ? QStringLiteral("QLabel { background: #16a34a; color: white;"
                                                 " padding: 4px; font-weight: bold; }")
                                : QStringLiteral("QLabel { background: #dc2626; color: white;"
                                                 " padding: 4px; font-weight: bold; }"));
}

void SimulationView::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("QLabel { color: #b91c1c; }") : QString());
}

QString SimulationView::statusText() const
{
    return m_status->text();
}

QString SimulationView::consistencyText() const
{
    return m_badge->text();
}

QString SimulationView::trainingNoteText() const
{
    return m_trainingNote->text();
}

void SimulationView::stepSelectedLane()
{
    const int lane = m_laneGrid->currentIndex().isValid() ? m_laneGrid->currentIndex().row() : -1;
    if (lane < 0) {
        showStatus(tr("Select a lane in the grid first."), true);
        return;
    }
    if (!m_run->step(lane))
        showStatus(tr("Start a run in Step mode to fire lanes by hand."), true);
}

void SimulationView::saveCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save attempts"),
                                                      QStringLiteral("simulation-attempts.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (m_run->saveAttemptsCsv(path, &error))
        showStatus(tr("Saved %1 attempts to %2.").arg(m_run->attempts().size()).arg(path));
    else
        showStatus(tr("Could not save %1: %2").arg(path, error), true);
}

void SimulationView::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export timeline"), QStringLiteral("timeline.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (m_timeline->exportPng(path, &error))
        showStatus(tr("Saved the timeline to %1.").arg(path));
    else
        showStatus(tr("Could not save %1: %2").arg(path, error), true);
}

void SimulationView::chooseScenario()
{
    const QString data = m_scenarios->currentData().toString();
    m_scenarios->setCurrentIndex(0);
    QString path = data;
    if (data == QLatin1String("open")) {
        path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(),
                                            tr("Scenarios (*.json)"));
    }
    if (!path.isEmpty())
        loadScenario(path);
}

bool SimulationView::loadScenario(const QString &path)
{
    QString error;
    const auto scenario = SimulationScenario::load(path, &error);
    if (!scenario) {
        showStatus(tr("Scenario not loaded: %1").arg(error), true);
        return false;
    }
    if (scenario->config.method == SimulationConfig::ClaimMethod::VulnerableTraining) {
        showTrainingState(); // it may have been marked since the tab was shown
        if (!m_training) {
            showStatus(tr("Scenario \"%1\" uses the old SELECT-then-UPDATE, which runs only on "
                          "a training database.")
                           .arg(scenario->name),
                       true);
            return false;
        }
    }
    setConfig(scenario->config);
    m_scenarioSteps = scenario->steps;
    // The badge judged the previous run; next to a new scenario it would read as this one's.
    showConsistency({});
    showStatus(tr("Scenario \"%1\" loaded: %2").arg(scenario->name, scenario->description));
    return true;
}
