#include "console/connectiondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
QString keyword(const QString &key, const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return key + QStringLiteral("='") + escaped + QLatin1Char('\'');
}
} // namespace

ConnectionDialog::ConnectionDialog(const QString &lastProfile, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to a database"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("How to give the address"));

    auto *urlPage = new QWidget(m_tabs);
    auto *urlForm = new QFormLayout(urlPage);
    m_url = new QLineEdit(lastProfile, urlPage);
    m_url->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/dispatch"));
    m_url->setAccessibleName(tr("Database URL"));
    urlForm->addRow(tr("&URL or keywords:"), m_url);
    m_tabs->addTab(urlPage, tr("URL"));

    auto *fieldsPage = new QWidget(m_tabs);
    auto *fields = new QFormLayout(fieldsPage);
    m_host = new QLineEdit(fieldsPage);
    m_host->setPlaceholderText(tr("host name or socket directory"));
    m_port = new QSpinBox(fieldsPage);
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database = new QLineEdit(QStringLiteral("dispatch"), fieldsPage);
    m_user = new QLineEdit(fieldsPage);
    fields->addRow(tr("&Host:"), m_host);
    fields->addRow(tr("&Port:"), m_port);
    fields->addRow(tr("&Database:"), m_database);
    fields->addRow(tr("U&ser:"), m_user);
    m_tabs->addTab(fieldsPage, tr("Fields"));
    layout->addWidget(m_tabs);

    auto *passwordForm = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("leave empty to use ~/.pgpass or PGPASSWORD"));
    m_password->setAccessibleName(tr("Password"));
    passwordForm->addRow(tr("Pass&word:"), m_password);
    layout->addLayout(passwordForm);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ConnectionDialog::connectionString() const
{
    if (m_tabs->currentIndex() == 0)
        return m_url->text().trimmed();
    QStringList parts;
    if (!m_host->text().trimmed().isEmpty())
        parts << keyword(QStringLiteral("host"), m_host->text().trimmed());
    parts << keyword(QStringLiteral("port"), QString::number(m_port->value()));
    if (!m_database->text().trimmed().isEmpty())
        parts << keyword(QStringLiteral("dbname"), m_database->text().trimmed());
    if (!m_user->text().trimmed().isEmpty())
        parts << keyword(QStringLiteral("user"), m_user->text().trimmed());
    return parts.join(QLatin1Char(' '));
}

QString ConnectionDialog::password() const
{
    return m_password->text();
}
