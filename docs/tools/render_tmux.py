# Render a tmux capture (with ANSI colours) to a PNG, for the README picture.
# Used by docs/tools/screenshot.sh.
import re, sys
from PIL import Image, ImageDraw, ImageFont
src, dst = sys.argv[1], sys.argv[2]
font = ImageFont.truetype('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', 15)
bold = ImageFont.truetype('/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf', 15)
W, H = 9, 19
pal = {30:(40,40,40),31:(220,80,70),32:(120,190,90),33:(230,190,80),34:(100,150,230),35:(200,120,200),36:(90,190,200),37:(220,220,220),
       90:(128,128,128),91:(255,110,100),92:(150,220,120),93:(250,220,110),94:(130,170,250),95:(230,150,230),96:(120,220,230),97:(255,255,255)}
bgpal = {40:(40,40,40),41:(120,40,40),42:(40,90,40),43:(110,90,30),44:(40,60,110),45:(90,50,90),46:(30,90,100),47:(90,90,90),100:(70,70,70)}
def c256(n):
    if n < 16:
        base=[(0,0,0),(205,0,0),(0,205,0),(205,205,0),(0,0,238),(205,0,205),(0,205,205),(229,229,229),(127,127,127),(255,0,0),(0,255,0),(255,255,0),(92,92,255),(255,0,255),(0,255,255),(255,255,255)]
        return base[n]
    if n < 232:
        n-=16; r,g,b=n//36,(n//6)%6,n%6; f=lambda x: 0 if x==0 else 55+40*x; return (f(r),f(g),f(b))
    v=8+10*(n-232); return (v,v,v)
lines = open(src, encoding='utf-8').read().split('\n')
cols = 150
img = Image.new('RGB', (cols*W+20, len(lines)*H+20), (24,24,28))
d = ImageDraw.Draw(img)
for y, line in enumerate(lines):
    fg, bg, isbold, x = (210,210,210), None, False, 0
    for part in re.split(r'(\x1b\[[0-9;]*m)', line):
        if part.startswith('\x1b['):
            codes = [int(c) if c else 0 for c in part[2:-1].split(';')]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0: fg, bg, isbold = (210,210,210), None, False
                elif c == 1: isbold = True
                elif c == 22: isbold = False
                elif c in pal: fg = pal[c]
                elif c in bgpal: bg = bgpal[c]
                elif c == 39: fg = (210,210,210)
                elif c == 49: bg = None
                elif c == 38 and i+2 < len(codes) and codes[i+1] == 5: fg = c256(codes[i+2]); i += 2
                elif c == 48 and i+2 < len(codes) and codes[i+1] == 5: bg = c256(codes[i+2]); i += 2
                i += 1
            continue
        for ch in part:
            px, py = 10 + x*W, 10 + y*H
            if bg: d.rectangle([px, py, px+W, py+H], fill=bg)
            d.text((px, py), ch, font=bold if isbold else font, fill=fg)
            x += 1
img.save(dst)
