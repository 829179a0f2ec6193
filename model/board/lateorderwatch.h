#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <functional>

class InDeliveryModel;
class QTimer;

// Says once when an order in delivery passes the time promised to its customer, for the
// console's desktop notification and optional sound (issue 16, item 4). Each check compares
// the orders late now (InDeliveryModel::urgencyAt) with those of the check before; the first
// check only learns what is late already — the board shows those in red — so opening the
// console does not ring for old news. An order that leaves the board (delivered, failed,
// cancelled) is forgotten. Reads the model's rows, no query. GUI thread.
class LateOrderWatch : public QObject
{
    Q_OBJECT
public:
    struct LateOrder
    {
        qint64 orderId = 0;
        QString customer;
        QString driver;
        QDateTime promisedAt; // UTC
    };

    explicit LateOrderWatch(const InDeliveryModel *model, QObject *parent = nullptr);

    // Checks every `intervalMs` and after each re-read of the model, at the clock's time
    // (the system's UTC clock unless a test sets another).
    void start(int intervalMs = 1000);
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void check();
    // One line for a person: "Order 12 for Ana Ruiz (with Ben Jensen) is late: promised for
    // 14:05." or "3 orders are late: 12, 14, 19."
    static QString describe(const QList<LateOrder> &orders);

signals:
    void becameLate(const QList<LateOrderWatch::LateOrder> &orders);

private:
    const InDeliveryModel *m_model;
    std::function<QDateTime()> m_clock = [] {
        return QDateTime::currentDateTimeUtc();
    };
    QTimer *m_timer = nullptr;
    QSet<qint64> m_late;
    bool m_primed = false;
};
