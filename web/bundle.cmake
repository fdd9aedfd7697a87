# The bundle the server ships, in ${TANDEM_WEB_OUT} (build/web/): content-hashed names cached for a
# year, brotli and gzip siblings, and index.html naming them. Included at the end of
# web/CMakeLists.txt.
#
# The app links into a staging folder; web/bundle.py turns everything in it (subfolders too, such as
# fonts/) into the bundle and removes what earlier builds left. Files for the bundle go into
# ${TANDEM_WEB_STAGE} (set in web/CMakeLists.txt), by a target the app or the bundle depends on. The step runs on every build
# rather than on a list of inputs, so a file added to the staging folder needs no mention here; it
# is cheap when nothing changed, and rewrites nothing then (the server's ETags stay valid).
set_target_properties(app PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${TANDEM_WEB_STAGE}")

find_program(TANDEM_BROTLI brotli DOC "brotli, for the bundle's .br files (Debian package brotli)")
if(NOT TANDEM_BROTLI)
    message(FATAL_ERROR "brotli not found: run scripts/setup.sh")
endif()

add_custom_target(bundle ALL
    COMMAND /usr/bin/python3 "${CMAKE_CURRENT_SOURCE_DIR}/bundle.py"
            --stage "${TANDEM_WEB_STAGE}" --index "${CMAKE_CURRENT_SOURCE_DIR}/index.html"
            --out "${TANDEM_WEB_OUT}" --brotli "${TANDEM_BROTLI}"
    COMMENT "Bundling the web client into ${TANDEM_WEB_OUT}"
    VERBATIM)
add_dependencies(bundle app)
