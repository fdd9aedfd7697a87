// Font Awesome 4.7 code points used by the dashboard (fonts-font-awesome, merged into Inter).
#pragma once

#define ICON_MIN_FA 0xf000
#define ICON_MAX_FA 0xf2e0

#define ICON_SCORECARD "\xef\x82\x80"     // f080 bar-chart
#define ICON_DEFINITION "\xef\x87\x9e"    // f1de sliders
#define ICON_CAMPAIGNS "\xef\x81\xb3"     // f073 calendar
#define ICON_LEADS "\xef\x83\x80"         // f0c0 users
#define ICON_BARS "\xef\x83\x89"          // f0c9 bars
#define ICON_FEEDBACK "\xef\x82\x86"      // f086 comments
#define ICON_MOON "\xef\x86\x86"          // f186 moon-o
#define ICON_SUN "\xef\x86\x85"           // f185 sun-o
#define ICON_WARNING "\xef\x81\xb1"       // f071 exclamation-triangle
#define ICON_COMPASS "\xef\x85\x8e"       // f14e compass
#define ICON_PLUS "\xef\x81\xa7"         // f067 plus
#define ICON_RSS "\xef\x82\x9e"          // f09e rss
#define ICON_COPY "\xef\x83\x85"         // f0c5 files-o
#define ICON_CLOSE "\xef\x80\x8d"        // f00d times
#define ICON_PENCIL "\xef\x81\x80"       // f040 pencil
#define ICON_BAN "\xef\x81\x9e"          // f05e ban
#define ICON_SEARCH "\xef\x80\x82"       // f002 search
#define ICON_ROCKET "\xef\x84\xb5"       // f135 rocket
#define ICON_ARROW_UP "\xef\x81\xa2"   // f062 arrow-up
#define ICON_ARROW_DOWN "\xef\x81\xa3" // f063 arrow-down
#define ICON_TRASH "\xef\x87\xb8"      // f1f8 trash
#define ICON_UNDO "\xef\x83\xa2"       // f0e2 undo
#define ICON_REDO "\xef\x80\x9e"       // f01e repeat
#define ICON_CHECK "\xef\x80\x8c"      // f00c check
#define ICON_BELL "\xef\x83\xb3"       // f0f3 bell
#define ICON_TAG "\xef\x80\xab"        // f02b tag
