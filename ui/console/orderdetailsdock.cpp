#include "console/orderdetailsdock.h"

#include <QAbstractItemView>
#include <QFormLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QVBoxLayout>

namespace {
QLabel *valueLabel(QWidget *parent, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // customer text is data, never markup
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setAccessibleName(accessibleName);
    return label;
}
} // namespace

OrderDetailsDock::OrderDetailsDock(Loader loader, QWidget *parent)
    : QDockWidget(tr("Order details"), parent)
    , m_loader(std::move(loader))
{
    setObjectName(QStringLiteral("orderDetails"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    m_title = new QLabel(body);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_customer = valueLabel(body, tr("Customer"));
    m_phone = valueLabel(body, tr("Phone"));
    m_dropoff = valueLabel(body, tr("Drop-off"));
    m_promise = valueLabel(body, tr("Promised for"));
    m_items = valueLabel(body, tr("Items"));
    m_notes = valueLabel(body, tr("Notes"));
    form->addRow(tr("Customer"), m_customer);
    form->addRow(tr("Phone"), m_phone);
    form->addRow(tr("Drop-off"), m_dropoff);
    form->addRow(tr("Promised"), m_promise);
    form->addRow(tr("Items"), m_items);
    form->addRow(tr("Notes"), m_notes);
    layout->addLayout(form);
    layout->addStretch(1);
    // Room for a phone number and an item list on one line each, whatever was saved before.
    body->setMinimumWidth(body->fontMetrics().averageCharWidth() * 30);
    setWidget(body);
    showOrder(0);
}

void OrderDetailsDock::follow(QAbstractItemView *view, int orderIdRole)
{
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, orderIdRole](const QModelIndex &current) {
                showOrder(current.isValid() ? current.data(orderIdRole).toLongLong() : 0);
            });
}

void OrderDetailsDock::showOrder(qint64 orderId)
{
    m_orderId = orderId;
    const OrderDetails details = orderId > 0 ? m_loader(orderId) : OrderDetails {};
    const bool shown = orderId > 0 && details.found;
    if (orderId <= 0)
        m_title->setText(tr("Select an order to see its customer, phone, items and notes."));
    else if (!details.error.isEmpty())
        m_title->setText(details.error);
    else if (!details.found)
        m_title->setText(tr("Order %1 no longer exists.").arg(orderId));
    else if (details.driverName.isEmpty())
        m_title->setText(tr("Order %1").arg(orderId));
    else
        m_title->setText(tr("Order %1, with %2").arg(orderId).arg(details.driverName));
    const QString none = tr("—");
    const auto orNone = [&none](const QString &text) {
        return text.isEmpty() ? none : text;
    };
    m_customer->setText(shown ? orNone(details.customer) : QString());
    m_phone->setText(shown ? orNone(details.phone) : QString());
    m_dropoff->setText(shown ? orNone(details.dropoff) : QString());
    m_promise->setText(
        !shown ? QString()
            : details.promisedAt.isValid()
            ? details.promisedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
            : tr("nothing promised"));
    m_items->setText(shown ? orNone(details.itemsText()) : QString());
    m_notes->setText(shown ? orNone(details.notes) : QString());
}

QString OrderDetailsDock::text() const
{
    QStringList lines { m_title->text() };
    const QList<QPair<QString, QLabel *>> rows {
        { tr("Customer"), m_customer }, { tr("Phone"), m_phone }, { tr("Drop-off"), m_dropoff },
        { tr("Promised"), m_promise },  { tr("Items"), m_items }, { tr("Notes"), m_notes },
    };
    for (const auto &[label, value] : rows) {
        if (!value->text().isEmpty())
            lines << QStringLiteral("%1: %2").arg(label, value->text());
    }
    return lines.join(QLatin1Char('\n'));
}
