#pragma once

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <optional>

// A drain lane's pick, as a driver app would do it: a plain SELECT for a ready order from a
// random point of the board (then from its start), so that lanes spread over the board
// instead of all racing for its first row. The claim that follows decides; the pick only
// proposes. Keeps the board's id range, read once. Used by the fault and HA drains.
class ReadyOrderPicker
{
public:
    explicit ReadyOrderPicker(quint32 seed)
        : m_random(seed)
    { }

    // A ready order's id, 0 when the board is drained, or nothing when the query failed
    // (a lost connection: the caller reconnects and picks again).
    std::optional<qint64> next(QSqlDatabase db);
    QRandomGenerator &random() { return m_random; }

private:
    QRandomGenerator m_random;
    qint64 m_lowest = 0;
    qint64 m_highest = 0;
};
