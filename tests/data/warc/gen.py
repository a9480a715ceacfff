"""Writes news.warc.gz and news.warc, the small web archives the WARC tests read.

The pages are written for these tests (no real article text). Run once in a virtualenv with
warcio (pip install warcio==1.8.1) and glibc iconv on the PATH; the outputs are committed so
the tests need neither:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install warcio==1.8.1
    cd tests/data/warc && /tmp/venv/bin/python gen.py
"""

import io
import subprocess

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def iconv(text, charset):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", charset], input=text.encode(),
                          check=True, capture_output=True).stdout


def page(title, paragraphs, head=""):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head>{head}<title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Footer links</footer></body></html>")


FR = page(
    "Le conseil municipal adopte le budget des écoles",
    ["Le conseil municipal a adopté mardi soir le budget consacré à la rénovation des écoles "
     "primaires de la ville, après un long débat sur le calendrier des travaux.",
     "Les élus de l'opposition ont demandé que les familles soient consultées avant l'été, "
     "et le maire a promis une réunion publique au mois de septembre."],
    head="<meta charset='utf-8'><meta property='article:published_time' content='2021-03-09T18:00:00+01:00'>",
)
EN = page(
    "Harbour ferry service resumes after winter repairs",
    ["The harbour ferry service resumed on Monday morning after three months of repairs to "
     "the landing stages, the transport authority said in a statement.",
     "Commuters welcomed the return of the service, although the first crossings were "
     "delayed by fog and the timetable will stay reduced until the spring."],
)
VI = page(
    "Thành phố khởi công cây cầu mới qua sông",
    ["Sáng nay, thành phố đã chính thức khởi công xây dựng cây cầu mới bắc qua sông, với "
     "tổng mức đầu tư lớn và thời gian thi công dự kiến khoảng hai năm.",
     "Người dân hai bên bờ sông cho biết cây cầu sẽ giúp việc đi lại thuận tiện hơn, "
     "nhất là vào giờ cao điểm buổi sáng và buổi chiều."],
)
VI2 = page(
    "Nông dân thu hoạch lúa sớm để tránh mưa bão",
    ["Nông dân nhiều xã ven biển đang khẩn trương thu hoạch lúa sớm hơn mọi năm để tránh "
     "thiệt hại do mưa bão, theo hướng dẫn của ngành nông nghiệp địa phương.",
     "Các hợp tác xã đã huy động thêm máy gặt và phương tiện vận chuyển để giúp bà con "
     "đưa lúa về kịp thời trước khi trời chuyển mưa."],
)
FR1252 = page(
    "La bibliothèque prolonge ses horaires d'ouverture",
    ["La bibliothèque municipale prolonge ses horaires d'ouverture pendant la période des "
     "examens, afin que les étudiants puissent réviser dans le calme jusqu'à vingt-deux heures.",
     "Cette mesure, déjà testée l'an dernier, avait été très appréciée des lycéens et des "
     "étudiants du quartier."],
)


def response(writer, uri, date, body, content_type, status="200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type),
                                     ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write(path, gzip):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip, warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(path, {"software": "warcio gen.py"}))
        request = writer.create_warc_record(
            "https://www.exemple-journal.fr/ville/budget-ecoles", "request",
            payload=io.BytesIO(b"GET /ville/budget-ecoles HTTP/1.1\r\nHost: www.exemple-journal.fr\r\n\r\n"),
            warc_headers_dict={"WARC-Date": "2024-05-01T10:00:00Z"})
        writer.write_record(request)
        response(writer, "https://www.exemple-journal.fr/ville/budget-ecoles",
                 "2024-05-01T10:00:00Z", FR.encode(), "text/html; charset=utf-8")
        response(writer, "https://harbour-news.example.com/transport/ferry-resumes",
                 "2024-05-02T11:30:00Z", EN.encode(), "text/html")
        response(writer, "https://baomau.example.vn/do-thi/khoi-cong-cau-moi",
                 "2024-05-03T08:00:00Z", iconv(VI, "VISCII"), "text/html; charset=VISCII")
        response(writer, "https://baomau.example.vn/nong-nghiep/thu-hoach-lua-som",
                 "2024-05-04T08:00:00Z", iconv(VI2, "TCVN5712-1"), "text/html")
        response(writer, "https://www.exemple-journal.fr/culture/bibliotheque-horaires",
                 "2024-05-05T09:00:00Z", FR1252.encode("cp1252"),
                 "text/html; charset=windows-1252")
        response(writer, "https://www.exemple-journal.fr/logo.png", "2024-05-05T09:00:01Z",
                 b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png")
        response(writer, "https://www.exemple-journal.fr/missing", "2024-05-05T09:00:02Z",
                 b"<html><body><p>Not found</p></body></html>", "text/html", "404 Not Found")


write("news.warc.gz", gzip=True)
write("news.warc", gzip=False)
