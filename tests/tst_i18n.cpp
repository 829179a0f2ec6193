// Translations (issue 9): the German catalogue covers every user-visible string of the
// code, with its placeholders, and the console really speaks German on a German desktop.

#include "inspector/inspectorpages.h"
#include "simulation/simulationtypes.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

// One <message> of a .ts file, as far as the checks need it.
struct CatalogueMessage
{
    QString context;
    QString source;
    QString type; // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
    QStringList forms; // the translation, or its numerus forms
};

QList<CatalogueMessage> readCatalogue(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<CatalogueMessage> messages;
    QXmlStreamReader xml(&file);
    QString context;
    CatalogueMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = CatalogueMessage {};
            current.context = context;
            current.numerus
                = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement())
                    current.forms << xml.readElementText();
            } else {
                current.forms << xml.readElementText();
            }
            messages << current;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(?:[1-9]|n)"));
    QSet<QString> found;
    for (const auto &match : pattern.globalMatch(text))
        found << match.captured();
    return found;
}

QString describe(const CatalogueMessage &message)
{
    return message.context + QStringLiteral(": \"") + message.source + QLatin1Char('"');
}

// Every problem of a catalogue, one line each; empty when it is complete.
QStringList problemsOf(const QList<CatalogueMessage> &messages)
{
    QStringList problems;
    for (const CatalogueMessage &message : messages) {
        if (!message.type.isEmpty()) {
            problems << message.type + QStringLiteral(" — ") + describe(message);
            continue;
        }
        if (message.forms.isEmpty()) {
            problems << QStringLiteral("no translation — ") + describe(message);
            continue;
        }
        const QSet<QString> wanted = placeholders(message.source);
        for (const QString &form : message.forms) {
            if (form.trimmed().isEmpty() && !message.source.trimmed().isEmpty())
                problems << QStringLiteral("empty — ") + describe(message);
            else if (!message.numerus && placeholders(form) != wanted)
                problems << QStringLiteral("placeholders differ — ") + describe(message);
            else if (message.numerus && !form.contains(QLatin1String("%n")))
                problems << QStringLiteral("numerus form without %n — ") + describe(message);
        }
    }
    return problems;
}

} // namespace

class TestI18n : public QObject
{
    Q_OBJECT

private:
    const QString m_translations = QStringLiteral(DISPATCH_SOURCE_DIR "/translations");

    // lupdate over the code into a copy of the catalogue: what the code says now.
    QList<CatalogueMessage> updatedCopy(const QString &fileName, const QStringList &options)
    {
        QTemporaryDir dir;
        if (!dir.isValid())
            return {};
        const QString copy = dir.filePath(fileName);
        if (!QFile::copy(m_translations + QLatin1Char('/') + fileName, copy))
            return {};
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(DISPATCH_SOURCE_DIR));
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(DISPATCH_LUPDATE),
                      QStringList { QStringLiteral("-recursive"), QStringLiteral("model"),
                                    QStringLiteral("ui"), QStringLiteral("app"),
                                    QStringLiteral("-locations"), QStringLiteral("none") }
                          + options + QStringList { QStringLiteral("-ts"), copy });
        if (!lupdate.waitForFinished(120000) || lupdate.exitCode() != 0) {
            qWarning().noquote() << lupdate.readAll();
            return {};
        }
        // A tr() lupdate cannot place in a context is a string no catalogue can translate.
        const QString said = QString::fromLocal8Bit(lupdate.readAll());
        if (said.contains(QLatin1String("without context"))) {
            qWarning().noquote() << said;
            return {};
        }
        QString error;
        return readCatalogue(copy, &error);
    }

private slots:
    void germanCatalogueHasEveryMessageTranslated()
    {
        QString error;
        const auto messages
            = readCatalogue(m_translations + QStringLiteral("/dispatch-console_de.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 400);
        const QStringList problems = problemsOf(messages);
        qInfo("German catalogue: %lld messages, %lld translated", qlonglong(messages.size()),
              qlonglong(messages.size() - problems.size()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void codeHasNoStringMissingFromGermanCatalogue()
    {
        const auto messages = updatedCopy(QStringLiteral("dispatch-console_de.ts"), {});
        QVERIFY2(!messages.isEmpty(), "lupdate over the code failed");
        const QStringList problems = problemsOf(messages);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("run translations/update.sh, then translate:\n")
                            + problems.join(QLatin1Char('\n'))));
    }

    void englishNumerusFormsAreWritten()
    {
        const auto messages = updatedCopy(QStringLiteral("dispatch-console_en.ts"),
                                          { QStringLiteral("-pluralonly") });
        QVERIFY2(!messages.isEmpty(), "lupdate over the code failed");
        const QStringList problems = problemsOf(messages);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        for (const CatalogueMessage &message : messages)
            QCOMPARE(message.forms.size(), 2);
    }

    void germanCatalogueChangesKnownStrings()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(DISPATCH_QM_DIR "/dispatch-console_de.qm")));
        QCoreApplication::installTranslator(&german);
        QCOMPARE(QCoreApplication::translate("ReadyOrdersModel", "Order"),
                 QStringLiteral("Auftrag"));
        QCOMPARE(QCoreApplication::translate("DriverApi", "%n order(s) ready.", nullptr, 3),
                 QStringLiteral("3 Aufträge bereit."));
        QCOMPARE(QCoreApplication::translate("DriverApi", "%n order(s) ready.", nullptr, 1),
                 QStringLiteral("1 Auftrag bereit."));
        QCoreApplication::removeTranslator(&german);
    }

    // Strings of free functions and plain structs: their context is the one their
    // Q_DECLARE_TR_FUNCTIONS names, for lupdate and at run time alike.
    void germanReachesTextOutsideQObjects()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(DISPATCH_QM_DIR "/dispatch-console_de.qm")));
        QCoreApplication::installTranslator(&german);
        SimulationConfig config;
        config.lanes = 1;
        const QString lanes = config.validate();
        LifecycleEvent hold;
        hold.kind = LifecycleEvent::Kind::Hold;
        const QString kind = hold.kindName();
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(lanes, QStringLiteral("Bahnen müssen 2 bis 64 sein"));
        QCOMPARE(kind, QStringLiteral("Reservierung"));
    }

    void consoleSpeaksTheSystemLanguage_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::newRow("German desktop")
            << QStringLiteral("de_DE.UTF-8") << QStringLiteral("Keine Verbindung zur Datenbank");
        QTest::newRow("English desktop")
            << QStringLiteral("en_GB.UTF-8") << QStringLiteral("Cannot connect to the database");
    }

    void consoleSpeaksTheSystemLanguage()
    {
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QTemporaryDir nowhere;
        QVERIFY(nowhere.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("LC_ALL"));
        environment.remove(QStringLiteral("LC_MESSAGES"));
        environment.remove(QStringLiteral("LANGUAGE"));
        environment.insert(QStringLiteral("LANG"), lang);
        QProcess console;
        console.setProcessEnvironment(environment);
        console.start(QStringLiteral(DISPATCH_CONSOLE_PATH),
                      { QStringLiteral("--migrate-only"), QStringLiteral("--database"),
                        QStringLiteral("host=") + nowhere.path()
                            + QStringLiteral(" dbname=none connect_timeout=2") });
        QVERIFY(console.waitForFinished(30000));
        const QString said = QString::fromUtf8(console.readAllStandardError());
        QVERIFY2(said.contains(expected), qPrintable(said));
    }
};

QTEST_GUILESS_MAIN(TestI18n)
#include "tst_i18n.moc"
