#pragma once

#include <QString>
#include <optional>

// An address to listen on, as the user typed it: "127.0.0.1:8080", "[::1]:8080",
// "localhost:8080" or a bare port "8080" (loopback). The one parser for the command line
// (`serve --listen`) and the console's "Serve the driver API…" dialog, so both accept and
// refuse the same text.
struct HostPort
{
    QString host; // an IP literal QHostAddress accepts, without brackets ("::1", "127.0.0.1")
    int port = 0; // 0 to 65535; 0 lets the system pick a free port

    // Leading and trailing blanks are ignored. "localhost" means 127.0.0.1 (the API binds to
    // one address; other host names are refused rather than resolved, so what is bound is
    // what was typed). An IPv6 address needs brackets when a port follows. nullopt on
    // anything else: the caller says what was expected, in its own words.
    static std::optional<HostPort> parse(const QString &text);
};
