#include "simulation/simulationtypes.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace {
// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Simulation)
};
} // namespace

QString SimulationConfig::validate() const
{
    if (lanes < kMinLanes || lanes > kMaxLanes)
        return Text::tr("lanes must be %1 to %2").arg(kMinLanes).arg(kMaxLanes);
    if (orders < 1 || orders > 100000)
        return Text::tr("orders must be 1 to 100000");
    if (rounds < 1 || rounds > 10000)
        return Text::tr("rounds must be 1 to 10000");
    if (thinkMs < 0 || thinkMs > 60000 || jitterMs < 0 || jitterMs > 60000)
        return Text::tr("think time and jitter must be 0 to 60000 ms");
    if (vulnerableGapUs < 0 || vulnerableGapUs > 1000000)
        return Text::tr("the vulnerable gap must be 0 to 1000000 µs");
    if (drivers < 0 || drivers > lanes)
        return Text::tr("drivers must be 0 (one per lane) to the number of lanes");
    if (capacity < 0 || capacity > 1000)
        return Text::tr("capacity must be 0 (no limit) to 1000");
    if (deliver && mode != Mode::DrainBoard)
        return Text::tr("lanes deliver their orders only when they drain the board");
    return {};
}

QString SimulationConfig::modeName(Mode mode)
{
    switch (mode) {
    case Mode::RaceOneOrder:
        return Text::tr("Race one order");
    case Mode::DrainBoard:
        return Text::tr("Drain the board");
    case Mode::BroadcastOffer:
        return Text::tr("Broadcast offer");
    case Mode::Step:
        return Text::tr("Step by hand");
    }
    return {};
}

bool SimulationConsistency::passed() const
{
    return checked && error.isEmpty() && ordersAssignedTwice == 0 && lostUpdates == 0
        && attemptsRecorded == attemptsMade && winsRecorded == winsReported
        && ordersAssigned == winsReported && assignments == ordersAssigned;
}

QString SimulationConsistency::summary() const
{
    if (!checked)
        return Text::tr("not checked yet");
    if (!error.isEmpty())
        return Text::tr("check failed: %1").arg(error);
    return Text::tr("%1\nattempts %2 made / %3 recorded · wins %4 reported / %5 orders assigned\n"
                    "%6 orders assigned twice · %7 lost updates (a driver overwritten)")
        .arg(passed() ? Text::tr("PASS") : Text::tr("FAIL"))
        .arg(attemptsMade)
        .arg(attemptsRecorded)
        .arg(winsReported)
        .arg(ordersAssigned)
        .arg(ordersAssignedTwice)
        .arg(lostUpdates);
}

qint64 SimulationStats::percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}
