#include "console/indeliverypanel.h"

#include "board/indeliverymodel.h"
#include "common/viewstate.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kTickMs = 1000;

// A reason of 3 to 500 characters, or nothing when the dispatcher backs out.
std::optional<QString> askReason(QWidget *parent, const QString &title, const QString &prompt)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto *layout = new QVBoxLayout(&dialog);
    auto *label = new QLabel(prompt, &dialog);
    label->setWordWrap(true);
    auto *reason = new QLineEdit(&dialog);
    reason->setMaxLength(500);
    reason->setAccessibleName(InDeliveryPanel::tr("Reason"));
    label->setBuddy(reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    QObject::connect(reason, &QLineEdit::textChanged, ok,
                     [ok](const QString &text) { ok->setEnabled(text.trimmed().size() >= 3); });
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(label);
    layout->addWidget(reason);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return reason->text().trimmed();
}

// Amber for "due soon", red for "late", on the promise column only; the words are the
// model's. Dark text on a light fill reads in light and dark themes alike.
class PromiseDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto urgency
            = InDeliveryModel::Urgency(index.data(InDeliveryModel::UrgencyRole).toInt());
        if (urgency == InDeliveryModel::Urgency::Soon) {
            option->backgroundBrush = QColor(0xff, 0xe0, 0x8a);
            option->palette.setColor(QPalette::Text, QColor(0x4a, 0x32, 0x00));
        } else if (urgency == InDeliveryModel::Urgency::Late) {
            option->backgroundBrush = QColor(0xf6, 0xb8, 0xb8);
            option->palette.setColor(QPalette::Text, QColor(0x6b, 0x00, 0x00));
            option->font.setBold(true);
        }
    }
};

} // namespace

InDeliveryPanel::InDeliveryPanel(InDeliveryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setAccessibleName(tr("Orders in delivery"));
    layout->addWidget(m_summary);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("In delivery"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setItemDelegateForColumn(int(InDeliveryModel::Column::Promise),
                                     new PromiseDelegate(m_view));
    layout->addWidget(m_view, 1);

    auto *buttons = new QHBoxLayout;
    m_fail = new QPushButton(tr("Mark &failed…"), this);
    m_fail->setToolTip(tr("The selected order could not be delivered; say why."));
    m_cancel = new QPushButton(tr("Ca&ncel order…"), this);
    m_cancel->setToolTip(tr("Cancel the selected order; say why."));
    buttons->addStretch(1);
    buttons->addWidget(m_fail);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    connect(m_fail, &QPushButton::clicked, this, &InDeliveryPanel::askAndFail);
    connect(m_cancel, &QPushButton::clicked, this, &InDeliveryPanel::askAndCancel);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InDeliveryPanel::updateButtons);
    // Time in status and time left move with the clock: repaint, no query.
    m_tick = new QTimer(this);
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_view->viewport()->update();
        m_summary->setText(m_model->summary());
    });
    m_tick->start();
    refresh();
}

void InDeliveryPanel::refresh()
{
    const ViewState state = ViewState::capture(m_view, InDeliveryModel::OrderIdRole);
    m_model->refresh();
    state.restore(m_view, InDeliveryModel::OrderIdRole);
    m_view->resizeColumnsToContents();
    m_summary->setText(m_model->summary());
    updateButtons();
}

QString InDeliveryPanel::summaryText() const
{
    return m_summary->text();
}

std::optional<int> InDeliveryPanel::selectedRow() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.constFirst().row();
}

void InDeliveryPanel::updateButtons()
{
    const bool selected = selectedRow().has_value();
    m_fail->setEnabled(selected);
    m_cancel->setEnabled(selected);
}

void InDeliveryPanel::failSelected(const QString &reason)
{
    if (const auto row = selectedRow())
        emit failRequested(m_model->orderIdAt(*row), m_model->driverIdAt(*row), reason);
}

void InDeliveryPanel::cancelSelected(const QString &reason)
{
    if (const auto row = selectedRow())
        emit cancelRequested(m_model->orderIdAt(*row), m_model->statusAt(*row),
                             m_model->driverIdAt(*row), reason);
}

void InDeliveryPanel::askAndFail()
{
    const auto row = selectedRow();
    if (!row)
        return;
    if (const auto reason
        = askReason(this, tr("Mark order %1 failed").arg(m_model->orderIdAt(*row)),
                    tr("Why could order %1 not be delivered? (at least 3 characters)")
                        .arg(m_model->orderIdAt(*row))))
        failSelected(*reason);
}

void InDeliveryPanel::askAndCancel()
{
    const auto row = selectedRow();
    if (!row)
        return;
    if (const auto reason = askReason(
            this, tr("Cancel order %1").arg(m_model->orderIdAt(*row)),
            tr("Why is order %1 cancelled? (at least 3 characters)").arg(m_model->orderIdAt(*row))))
        cancelSelected(*reason);
}
