#pragma once

#include "core/claimoutcome.h"

#include <QList>
#include <QMetaType>
#include <QString>

// Values the trainer's simulation passes around: what to run, what each lane did, and
// whether the database agrees. Plain values, copied across threads by queued signals.

struct SimulationConfig
{
    enum class Mode {
        RaceOneOrder, // every lane released by one barrier at the same order, `rounds` times
        DrainBoard, // lanes pick ready orders of the run's board until none is left
        BroadcastOffer, // one order offered to all lanes; each accepts after its reaction time
        Step, // lanes wait; the trainer (or a scenario script) fires them
    };
    enum class Pick { Random, OldestFirst };
    // Vulnerable: the seed's SELECT-then-UPDATE, training databases only (vulnerableclaim.h).
    enum class ClaimMethod { Atomic, VulnerableTraining };

    int lanes = 8; // 2–64
    Mode mode = Mode::RaceOneOrder;
    Pick pick = Pick::Random;
    ClaimMethod method = ClaimMethod::Atomic;
    int orders = 50; // board size after the reset (drain, step)
    int rounds = 1; // races or offers, one fresh order each
    int thinkMs = 0; // drain: pause before each pick; offer: reaction time
    int jitterMs = 0; // ± uniformly around thinkMs
    int vulnerableGapUs = 2000; // the old bug's "validate in Go code" between read and write
    quint32 seed = 1;
    // Trainee drivers; 0: one per lane. Fewer than lanes: lane i is a phone of driver
    // i % drivers, so one driver's phones claim at once (the capacity race of sql/015).
    int drivers = 0;
    // Each trainee's max_concurrent_orders; 0: no limit (a drain gives one lane many orders).
    int capacity = 0;
    // Drain: a lane that wins an order delivers it (pick up, in transit, delivered, with its
    // think time before each step) before it picks the next, as a real driver would.
    bool deliver = false;

    static constexpr int kMinLanes = 2;
    static constexpr int kMaxLanes = 64;

    // Race and offer put one fresh order on the board per round; the others `orders`.
    bool oneOrderPerRound() const
    {
        return mode == Mode::RaceOneOrder || mode == Mode::BroadcastOffer;
    }
    int boardSize() const { return oneOrderPerRound() ? rounds : orders; }
    int driverCount() const { return drivers > 0 ? drivers : lanes; }

    // Empty when usable; otherwise one sentence naming the bad setting.
    QString validate() const;
    static QString modeName(Mode mode);
};

// A scripted step of a scenario: "lane 3 holds order 7", "lanes 1–8 race for it at t=2 s".
// Lanes are 1-based as the trainer counts them; order is the n-th order of the run's board
// (1-based), 0 for "whatever the lane picks".
struct ScenarioStep
{
    enum class Action { Claim, Hold, Race };
    int atMs = 0;
    Action action = Action::Claim;
    QList<int> lanes;
    int order = 0;
    int holdSeconds = 30;
};

// One attempt of one lane, with the lane's clock: microseconds since the run's epoch (one
// steady clock shared by all lanes), so attempts of different lanes can be compared.
struct SimulationAttempt
{
    enum class Kind { Claim, Hold, Delivery }; // Delivery: a step after the win (code says which)
    Kind kind = Kind::Claim;
    int lane = 0; // 0-based
    int round = -1; // race/offer round, -1 otherwise
    qint64 orderId = 0;
    qint64 driverId = 0;
    OutcomeCode code = OutcomeCode::DatabaseUnavailable;
    int httpStatus = 0;
    qint64 holderId = 0; // for conflicts: who held the order
    qint64 sentUs = 0; // just before the claim was sent
    qint64 answeredUs = 0; // when its answer was read
    qint64 serverLatencyUs = 0;
    bool vulnerable = false; // made with the old bug

    bool isWin() const { return kind == Kind::Claim && code == OutcomeCode::Assigned; }
    bool isConflict() const { return kind == Kind::Claim && httpStatus == 409; }
    qint64 roundTripUs() const { return answeredUs - sentUs; }
};

// What the database says after a run: counted there, not from what the lanes reported.
struct SimulationConsistency
{
    bool checked = false;
    QString error; // the check itself failed (database unreachable)
    qint64 attemptsMade = 0; // reported by the lanes
    qint64 attemptsRecorded = 0; // claim_attempts rows of this run
    qint64 winsReported = 0; // lanes told "assigned"
    qint64 winsRecorded = 0; // claim_attempts rows with outcome ASSIGNED
    qint64 assignments = 0; // order_history transitions into a driver by this run
    qint64 ordersAssigned = 0; // distinct orders among them
    qint64 ordersAssignedTwice = 0;
    qint64 lostUpdates = 0; // assignments that overwrote another driver (A → B)

    bool passed() const;
    QString summary() const; // PASS/FAIL and the numbers, three short lines, for the badge
};

struct LaneScore
{
    int wins = 0;
    int conflicts = 0;
    int others = 0;
    QList<qint64> roundTripsUs; // in arrival order
};

namespace SimulationStats {
// Nearest-rank percentile (p in 0–100) of values; 0 for none.
qint64 percentile(QList<qint64> values, double p);
} // namespace SimulationStats

Q_DECLARE_METATYPE(SimulationAttempt)
Q_DECLARE_METATYPE(SimulationConsistency)
