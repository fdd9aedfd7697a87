# Turns a text file of one entry per line into a C++ raw string literal (included by a .cpp), so
# a list ships inside the binary. Usage: cmake -DIN=list.txt -DOUT=list.inc -P embed_lines.cmake
file(READ "${IN}" text)
string(REPLACE "\r" "" text "${text}")
file(WRITE "${OUT}" "R\"TANDEM_LIST(${text})TANDEM_LIST\"\n")
