// Font Awesome 4.7 code points used by the dashboard (fonts-font-awesome, merged into Inter).
#pragma once

#define ICON_MIN_FA 0xf000
#define ICON_MAX_FA 0xf2e0

#define ICON_SCORECARD "\xef\x82\x80"     // f080 bar-chart
#define ICON_DEFINITION "\xef\x87\x9e"    // f1de sliders
#define ICON_CAMPAIGNS "\xef\x81\xb3"     // f073 calendar
#define ICON_LEADS "\xef\x83\x80"         // f0c0 users
#define ICON_FEEDBACK "\xef\x82\x86"      // f086 comments
#define ICON_MOON "\xef\x86\x86"          // f186 moon-o
#define ICON_SUN "\xef\x86\x85"           // f185 sun-o
#define ICON_WARNING "\xef\x81\xb1"       // f071 exclamation-triangle
#define ICON_COMPASS "\xef\x85\x8e"       // f14e compass
