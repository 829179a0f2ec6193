#include "board/lateorderwatch.h"

#include "board/indeliverymodel.h"

#include <QTimer>

LateOrderWatch::LateOrderWatch(const InDeliveryModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { check(); });
}

void LateOrderWatch::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, [this] { check(); });
    }
    m_timer->start(intervalMs);
}

void LateOrderWatch::check()
{
    const QDateTime now = m_clock();
    QSet<qint64> late;
    QList<LateOrder> newlyLate;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->urgencyAt(row, now) != InDeliveryModel::Urgency::Late)
            continue;
        const qint64 id = m_model->orderIdAt(row);
        late.insert(id);
        if (m_primed && !m_late.contains(id)) {
            using Column = InDeliveryModel::Column;
            newlyLate.append({ id, m_model->index(row, int(Column::Customer)).data().toString(),
                               m_model->index(row, int(Column::Driver)).data().toString(),
                               m_model->promisedAt(row) });
        }
    }
    m_late = std::move(late);
    m_primed = true;
    if (!newlyLate.isEmpty())
        emit becameLate(newlyLate);
}

QString LateOrderWatch::describe(const QList<LateOrder> &orders)
{
    if (orders.isEmpty())
        return {};
    if (orders.size() == 1) {
        const LateOrder &order = orders.constFirst();
        return tr("Order %1 for %2 (with %3) is late: promised for %4.")
            .arg(order.orderId)
            .arg(order.customer, order.driver,
                 order.promisedAt.toLocalTime().toString(QStringLiteral("HH:mm")));
    }
    QStringList ids;
    for (const LateOrder &order : orders)
        ids << QString::number(order.orderId);
    return tr("%n order(s) are late: %1.", nullptr, int(orders.size()))
        .arg(ids.join(QStringLiteral(", ")));
}
