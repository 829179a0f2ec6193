#include "console/reassigndialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

ReassignDialog::ReassignDialog(qint64 orderId, const QString &currentDriver,
                               QAbstractItemModel *drivers, int idRole, int activeRole,
                               qint64 excludeDriverId, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Reassign order %1").arg(orderId));
    auto *form = new QFormLayout(this);
    form->addRow(
        new QLabel(tr("Order %1 is assigned to %2.").arg(orderId).arg(currentDriver), this));
    m_drivers = new QComboBox(this);
    m_drivers->setAccessibleName(tr("New driver"));
    for (int row = 0; row < drivers->rowCount(); ++row) {
        const QModelIndex index = drivers->index(row, 0);
        const qint64 id = index.data(idRole).toLongLong();
        if (!index.data(activeRole).toBool() || id == excludeDriverId)
            continue;
        m_drivers->addItem(index.data(Qt::DisplayRole).toString(), id);
    }
    form->addRow(tr("&New driver:"), m_drivers);
    m_reason = new QLineEdit(this);
    m_reason->setMaxLength(500);
    m_reason->setPlaceholderText(tr("Required, e.g. \"driver's car broke down\""));
    m_reason->setAccessibleName(tr("Reason"));
    form->addRow(tr("&Reason:"), m_reason);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Reassign"));
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &ReassignDialog::validate);
    validate();
}

void ReassignDialog::validate()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_drivers->count() > 0 && m_reason->text().trimmed().size() >= 3);
}

qint64 ReassignDialog::driverId() const
{
    return m_drivers->currentData().toLongLong();
}

QString ReassignDialog::reason() const
{
    return m_reason->text().trimmed();
}
