#pragma once

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QTabWidget;

// "Connect to a database": either a postgresql:// URL / libpq keywords, or host, port,
// database and user fields. The password is asked here, handed to the caller and never
// stored; the last profile (without password) is remembered by the caller in QSettings.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const QString &lastProfile, QWidget *parent = nullptr);

    QString connectionString() const; // libpq keywords or URL, no password
    QString password() const;

private:
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
};
